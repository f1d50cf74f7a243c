#pragma once
// What to do when a host cannot be reached: the transport error names the peer and the step that
// failed (resolve, connect, proxy, TLS handshake); the fix depends on the step.

#include <string>

#include "check/report.hpp"

namespace sfc::check {

/// The settings that decide how a host is reached, named in the advice.
struct reach_settings {
    std::string address;  ///< "salesforce.login_url", "sinks[2].url"
    std::string ca_file;  ///< "salesforce.ca_file", "tls.ca_file"
    std::string proxy;    ///< "salesforce.proxy or HTTPS_PROXY"; empty: no proxy setting
};

/// A check_unavailable failure: the error's text and the fix for its step.
verdict unreachable(const std::string& error, const reach_settings& settings);

}  // namespace sfc::check
