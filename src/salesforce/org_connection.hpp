#pragma once
// How one org is reached: HTTP client options (TLS trust, proxy), the token endpoint and the
// token provider for the configured OAuth flow, and the start-up warnings about them.

#include <memory>
#include <string>

#include "auth/token_provider.hpp"
#include "http/client.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"

namespace sfc::salesforce {

/// Options for a client of `origin` ("https://host[:port]"): the org's CA bundle and TLS
/// settings, and the proxy unless no_proxy exempts the host.
http::client_options org_client_options(const config::salesforce_config& sf,
                                        const std::string& origin);

/// The two origins ("https://host[:port]") an org's requests go to.
struct org_origins {
    /// Where tokens come from: login_url for the JWT bearer flow, the My Domain (instance_url)
    /// for client credentials.
    std::string token;
    /// The REST API: instance_url.
    std::string instance;
};

/// Throws std::runtime_error for a URL that is not https (the config has checked them).
org_origins origins_of(const config::salesforce_config& sf);

/// The provider for sf.auth, reading the key or the client secret now. Throws (one line naming
/// the field and the fix) when they cannot be read.
std::unique_ptr<auth::token_provider> make_token_provider(const config::salesforce_config& sf,
                                                          http::client& token_endpoint,
                                                          const sfc::clock& clock);

/// Logs what an operator must know at start-up: TLS verification off, a key file others may
/// read, the proxy in use for each origin.
void log_connection_warnings(const config::org_config& org, const org_origins& origins);

}  // namespace sfc::salesforce
