// URL helpers: splitting an http(s) URL into origin and path, and query-value encoding.
#include "http/authority.hpp"
#include "http/client.hpp"
#include "http/text.hpp"

#include <algorithm>

namespace sfc::http {
namespace {

// ASCII only: the C library's classification depends on the locale.
bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9');
}

bool valid_host_char(char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_';
}

}  // namespace

namespace detail {

bool valid_port(std::string_view port) {
    if (port.empty() || port.size() > 5) return false;
    if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    const unsigned long value = std::stoul(std::string(port));
    return value >= 1 && value <= 65535;
}

std::optional<host_port> split_authority(std::string_view authority,
                                         std::string_view default_port) {
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(1, close - 1);
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) return std::nullopt;
            port = rest.substr(1);
            if (!valid_port(port)) return std::nullopt;
        }
        const bool v6_chars = std::all_of(
            host.begin(), host.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; });
        if (host.empty() || !v6_chars) return std::nullopt;
    } else {
        const auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            if (!valid_port(port)) return std::nullopt;
        }
        if (host.empty() || !std::all_of(host.begin(), host.end(), valid_host_char)) {
            return std::nullopt;
        }
    }
    return host_port{std::string(host), std::string(port.empty() ? default_port : port)};
}

}  // namespace detail

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
    const auto authority = detail::split_authority(url.substr(0, path_start), tls ? "443" : "80");
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
