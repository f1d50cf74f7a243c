#pragma once
// How one org is reached: HTTP client options (TLS trust, proxy), the token endpoint and the
// token provider for the configured OAuth flow, and the start-up warnings about them.

#include <memory>
#include <string>

#include "auth/token_provider.hpp"
#include "http/client.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"

namespace sfc::app {

/// Options for a client of `origin` ("https://host[:port]"): the org's CA bundle and TLS
/// settings, and the proxy unless no_proxy exempts the host.
http::client_options org_client_options(const config::salesforce_config& sf,
                                        const std::string& origin);

/// Where tokens come from: login_url for the JWT bearer flow, the My Domain (instance_url) for
/// client credentials.
std::string token_origin(const config::salesforce_config& sf);

/// The provider for sf.auth, reading the key or the client secret now. Throws (one line naming
/// the field and the fix) when they cannot be read.
std::unique_ptr<auth::token_provider> make_token_provider(const config::salesforce_config& sf,
                                                          http::client& token_endpoint,
                                                          const sfc::clock& clock);

/// Logs what an operator must know at start-up: TLS verification off, a key file others may
/// read, the proxy in use.
void log_connection_warnings(const config::org_config& org);

}  // namespace sfc::app
