// URL helpers: splitting an http(s) URL into origin and path, and query-value encoding.
#include "http/client.hpp"
#include "http/text.hpp"
#include "net/authority.hpp"

#include <algorithm>

namespace sfc::http {
namespace {

// ASCII only: the C library's classification depends on the locale.
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::string url_parts::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    std::string result = tls ? "https://" : "http://";
    result += v6 ? "[" + host + "]" : host;
    if (port != (tls ? "443" : "80")) result += ":" + port;
    return result;
}

namespace {

std::optional<url_parts> parse_with_scheme(std::string_view url, bool tls) {
    const std::string_view scheme = tls ? "https://" : "http://";
    if (url.size() < scheme.size() || !detail::iequals(url.substr(0, scheme.size()), scheme)) {
        return std::nullopt;
    }
    url.remove_prefix(scheme.size());
    url = url.substr(0, url.find('#'));
    const auto path_start = url.find_first_of("/?");
    const auto authority = net::split_authority(url.substr(0, path_start), tls ? "443" : "80");
    if (!authority) return std::nullopt;
    url_parts parts;
    parts.tls = tls;
    parts.host = authority->host;
    parts.port = authority->port;
    if (path_start == std::string_view::npos) {
        parts.path = "/";
    } else {
        parts.path = std::string(url.substr(path_start));
        if (parts.path.front() == '?') parts.path.insert(0, "/");
    }
    return parts;
}

}  // namespace

std::optional<url_parts> parse_https_url(std::string_view url) {
    return parse_with_scheme(url, true);
}

std::optional<url_parts> parse_url(std::string_view url) {
    if (auto parts = parse_with_scheme(url, true)) return parts;
    return parse_with_scheme(url, false);
}

std::string url_encode(std::string_view s) {
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
    }
    return out;
}

}  // namespace sfc::http
