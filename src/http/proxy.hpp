#pragma once
// HTTP proxies for the client: the settings one connection goes through, and the pure helpers
// that turn a proxy URL (salesforce.proxy, HTTPS_PROXY) and NO_PROXY into them. Light on purpose:
// the config and app modules include it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::http {

/// An HTTP proxy reached over plain TCP that opens tunnels with CONNECT.
struct proxy_settings {
    std::string host;  ///< name or address; IPv6 without brackets
    std::string port;
    /// The whole Proxy-Authorization value ("Basic ..."), or empty. A secret: never logged.
    std::string authorization;
    /// "http://proxy.example.com:3128", without credentials: the proxy's name in messages.
    std::string display;
};

/// Parses "http://[user:password@]host[:port][/]" (the scheme may be left out, as curl allows).
/// The percent-decoded user and password become Basic credentials; the port defaults to 1080,
/// like curl. nullopt for an empty URL. Throws std::invalid_argument, with the password masked,
/// for another scheme (https:// proxies included), a missing host, a bad port or a path.
std::optional<proxy_settings> parse_proxy_url(std::string_view url);

/// curl's NO_PROXY rules over entries the caller has split at commas: trimmed and compared
/// case-insensitively; "*" matches every host; "example.com" and ".example.com" match that
/// domain and its subdomains; an IP address matches itself; "10.0.0.0/8" matches the addresses
/// in that network; a ":port" suffix is ignored.
bool bypass_proxy(std::string_view host, const std::vector<std::string>& no_proxy);

/// The proxy for connections to origin_host: nullopt when proxy_url is empty or no_proxy
/// bypasses the host. The URL is checked either way; throws as parse_proxy_url does.
std::optional<proxy_settings> proxy_for(std::string_view origin_host,
                                        std::string_view proxy_url,
                                        const std::vector<std::string>& no_proxy);

}  // namespace sfc::http
