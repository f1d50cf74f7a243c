#pragma once
// The TLS client context for syslog over TLS (RFC 5425): the HTTPS client's trust set-up (system
// CAs plus tls.ca_file, TLS 1.2 at least) and, for mutual TLS, the client certificate.

#include <boost/asio/ssl/context.hpp>
#include <string>

#include "sfc/config.hpp"

namespace sfc::sinks {

/// Throws sink_error naming `peer`, the unusable file and the fix.
boost::asio::ssl::context make_syslog_tls_context(const config::tls_client_config& tls,
                                                  const std::string& peer);

}  // namespace sfc::sinks
