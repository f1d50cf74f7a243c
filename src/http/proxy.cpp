// Proxy URLs: "http://[user:password@]host[:port]" into proxy_settings, with errors that never
// show the password.
#include "http/proxy.hpp"

#include "http/authority.hpp"
#include "http/text.hpp"

#include <boost/beast/core/detail/base64.hpp>

#include <stdexcept>

namespace sfc::http {
namespace {

constexpr std::string_view default_proxy_port = "1080";  // curl's default
constexpr std::string_view expected_form = "http://[user:password@]host[:port]";

// The URL's parts before any checking, so that errors can quote it with the password masked.
struct url_pieces {
    std::string_view scheme;  ///< empty when left out
    std::optional<std::string_view> userinfo;
    std::string_view authority;
    std::string_view path;  ///< from the first '/', '?' or '#' after the authority
};

url_pieces split_pieces(std::string_view url) {
    url_pieces p;
    if (const auto sep = url.find("://"); sep != std::string_view::npos) {
        p.scheme = url.substr(0, sep);
        url.remove_prefix(sep + 3);
    }
    // The last '@': a password may hold an unescaped '@' or '/', and must not spill into the
    // host or path that messages quote.
    if (const auto at = url.rfind('@'); at != std::string_view::npos) {
        p.userinfo = url.substr(0, at);
        url.remove_prefix(at + 1);
    }
    const auto end = url.find_first_of("/?#");
    p.authority = url.substr(0, end);
    p.path = end == std::string_view::npos ? std::string_view{} : url.substr(end);
    return p;
}

std::string masked(const url_pieces& p) {
    std::string out;
    if (!p.scheme.empty()) out = std::string(p.scheme) + "://";
    if (p.userinfo) {
        const auto colon = p.userinfo->find(':');
        out += std::string(p.userinfo->substr(0, colon));
        if (colon != std::string_view::npos) out += ":***";
        out += "@";
    }
    return out + std::string(p.authority) + std::string(p.path);
}

[[noreturn]] void reject(const url_pieces& p, std::string_view problem) {
    throw std::invalid_argument("proxy URL '" + masked(p) + "': " + std::string(problem));
}

void check_scheme(const url_pieces& p) {
    if (p.scheme.empty() || detail::iequals(p.scheme, "http")) return;
    if (detail::iequals(p.scheme, "https")) {
        reject(p,
               "https:// proxies are not supported; use the proxy's http:// address (the tunnel "
               "it opens to Salesforce is still TLS end to end)");
    }
    reject(p,
           "scheme '" + std::string(p.scheme) + "' is not supported; use " +
               std::string(expected_form));
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
    if (port && !detail::valid_port(*port)) {
        return "port '" + std::string(*port) + "' is not a number from 1 to 65535";
    }
    return "host '" + std::string(host) + "' is malformed; use " + std::string(expected_form);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        const int high = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(s[i + 2]) : -1;
        if (low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// Beast's encoder: compiled once with the rest of Beast, and its header is light.
std::string base64(std::string_view bytes) {
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::encoded_size(bytes.size()), '\0');
    out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
    return out;
}

// "Basic base64(user:password)" from the raw userinfo; empty when it carries nothing.
std::string basic_authorization(const url_pieces& p) {
    if (!p.userinfo || p.userinfo->empty()) return {};
    const auto colon = p.userinfo->find(':');
    const auto user = percent_decode(p.userinfo->substr(0, colon));
    const auto password = colon == std::string_view::npos
                              ? std::optional<std::string>("")
                              : percent_decode(p.userinfo->substr(colon + 1));
    if (!user || !password) {
        reject(p, "the user or password has a malformed %-escape (write '%' as %25)");
    }
    return "Basic " + base64(*user + ":" + *password);
}

}  // namespace

std::optional<proxy_settings> parse_proxy_url(std::string_view url) {
    url = detail::trim(url);
    if (url.empty()) return std::nullopt;
    const url_pieces pieces = split_pieces(url);
    check_scheme(pieces);
    if (!pieces.path.empty() && pieces.path != "/") {
        reject(pieces,
               "a proxy URL has no path, query or fragment; use " + std::string(expected_form));
    }
    const auto authority = detail::split_authority(pieces.authority, default_proxy_port);
    if (!authority) reject(pieces, authority_problem(pieces.authority));

    proxy_settings proxy;
    proxy.host = authority->host;
    proxy.port = authority->port;
    proxy.authorization = basic_authorization(pieces);
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
