// Proxy URLs: "http://[user:password@]host[:port]" into proxy_settings, with errors that never
// show the password.
#include "http/proxy.hpp"

#include "http/text.hpp"
#include "net/authority.hpp"
#include "net/basic_auth.hpp"
#include "net/proxy_url.hpp"

#include <stdexcept>

namespace sfc::http {
namespace {

constexpr std::string_view default_proxy_port = "1080";  // curl's default
constexpr std::string_view expected_form = "http://[user:password@]host[:port]";

[[noreturn]] void reject(std::string_view url, std::string_view problem) {
    throw std::invalid_argument("proxy URL '" + net::mask_password(url) +
                                "': " + std::string(problem));
}

// An empty scheme ("://host") passes, as if left out.
void check_scheme(std::string_view url, std::string_view scheme) {
    if (scheme.empty() || detail::iequals(scheme, "http")) return;
    if (detail::iequals(scheme, "https")) {
        reject(url,
               "https:// proxies are not supported; use the proxy's http:// address (the tunnel "
               "it opens to Salesforce is still TLS end to end)");
    }
    reject(
        url,
        "scheme '" + std::string(scheme) + "' is not supported; use " + std::string(expected_form));
}

// Why split_authority refused the authority, in the operator's terms.
std::string authority_problem(std::string_view authority) {
    std::string_view host = authority;
    std::optional<std::string_view> port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        host = authority.substr(1, close == std::string_view::npos ? close : close - 1);
        if (close != std::string_view::npos && authority.substr(close + 1).starts_with(':')) {
            port = authority.substr(close + 2);
        }
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) return "no host; use " + std::string(expected_form);
    if (port && !net::valid_port(*port)) {
        return "port '" + std::string(*port) + "' is not a number from 1 to 65535";
    }
    return "host '" + std::string(host) + "' is malformed; use " + std::string(expected_form);
}

// "Basic base64(user:password)" from the raw user info; empty when it carries nothing.
std::string basic_authorization(std::string_view url, std::string_view user_info) {
    if (user_info.empty()) return {};
    const auto colon = user_info.find(':');
    const auto user = net::percent_decode(user_info.substr(0, colon));
    const auto password = colon == std::string_view::npos
                              ? std::optional<std::string>("")
                              : net::percent_decode(user_info.substr(colon + 1));
    if (!user || !password) {
        reject(url, "the user or password has a malformed %-escape (write '%' as %25)");
    }
    return net::basic_authorization(*user, *password);
}

}  // namespace

std::optional<proxy_settings> parse_proxy_url(std::string_view url) {
    url = detail::trim(url);
    if (url.empty()) return std::nullopt;
    const net::proxy_url_parts parts = net::split_proxy_url(url);
    check_scheme(url, parts.scheme.value_or(""));
    if (!parts.tail.empty() && parts.tail != "/") {
        reject(url,
               "a proxy URL has no path, query or fragment; use " + std::string(expected_form));
    }
    const auto authority = net::split_authority(parts.authority, default_proxy_port);
    if (!authority) reject(url, authority_problem(parts.authority));

    proxy_settings proxy;
    proxy.host = authority->host;
    proxy.port = authority->port;
    proxy.authorization = basic_authorization(url, parts.user_info.value_or(""));
    const bool v6 = proxy.host.find(':') != std::string::npos;
    proxy.display = "http://" + (v6 ? "[" + proxy.host + "]" : proxy.host) + ":" + proxy.port;
    return proxy;
}

std::optional<proxy_settings> proxy_for(std::string_view origin_host,
                                        std::string_view proxy_url,
                                        const std::vector<std::string>& no_proxy) {
    auto proxy = parse_proxy_url(proxy_url);
    if (!proxy || bypass_proxy(origin_host, no_proxy)) return std::nullopt;
    return proxy;
}

}  // namespace sfc::http
