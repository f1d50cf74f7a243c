#include "config/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/config_error.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view shape_fix =
    "write only the scheme and host, e.g. https://company.my.salesforce.com";
constexpr std::string_view sink_fix =
    "write http(s)://host[:port][/path], e.g. https://es.example.com:9200";
constexpr std::string_view host_fix =
    "write a host name or IP address, e.g. siem.example.com, and the port in port:";

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

/// A DNS name or IPv4 address: dot-separated, non-empty labels.
bool is_valid_host_name(std::string_view host) {
    if (host.empty() || host.front() == '.' || host.back() == '.') return false;
    if (host.find("..") != std::string_view::npos) return false;
    return std::all_of(host.begin(), host.end(), is_host_char);
}

/// An IPv6 address without brackets, checked loosely: hex digits, ':' and '.', two colons at
/// least.
bool is_valid_ipv6(std::string_view host) {
    if (std::count(host.begin(), host.end(), ':') < 2) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
    });
}

/// "[::1]"-style IPv6 literal.
bool is_valid_ipv6_literal(std::string_view host) {
    return host.size() >= 4 && host.front() == '[' && host.back() == ']' &&
           is_valid_ipv6(host.substr(1, host.size() - 2));
}

void check_port(std::string_view port, std::string_view fix) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
        throw value_error("the port is not a number from 1 to 65535", std::string(fix));
    }
}

/// The path may hold only visible ASCII: a space or control character is surely a slip, and
/// would corrupt the request line.
void check_path(std::string_view path) {
    bool visible = std::all_of(path.begin(), path.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
    if (!visible) {
        throw value_error("the URL path contains a space, control or non-ASCII character",
                          "percent-encode it, e.g. %20 for a space");
    }
}

}  // namespace

void check_authority(std::string_view authority, std::string_view fix) {
    // User info is the caller's business: it may hold a password.
    std::string_view host = authority;
    auto colon = authority.rfind(':');
    bool bracketed = authority.starts_with('[');
    if (colon != std::string_view::npos && (!bracketed || colon > authority.rfind(']'))) {
        host = authority.substr(0, colon);
        check_port(authority.substr(colon + 1), fix);
    }
    if (host.empty()) throw value_error("the URL has no host", std::string(fix));
    if (bracketed ? !is_valid_ipv6_literal(host) : !is_valid_host_name(host)) {
        throw value_error("the host name is not valid", std::string(fix));
    }
}

std::string normalize_base_url(std::string_view text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
        throw value_error("not a URL (no https://)", std::string(shape_fix));
    }
    std::string scheme = lower_ascii(text.substr(0, scheme_end));
    if (scheme == "http") {
        throw value_error("http:// is not allowed: Salesforce accepts only HTTPS",
                          "write https:// instead of http://");
    }
    if (scheme != "https") throw value_error("the scheme is not https", std::string(shape_fix));
    std::string_view rest = text.substr(scheme_end + 3);
    auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    if (authority_end != std::string_view::npos) {
        std::string_view tail = rest.substr(authority_end);
        if (tail != "/") {
            throw value_error("the URL has a path, query or fragment",
                              "remove everything after the host (the collector adds "
                              "/services/... itself); " +
                                  std::string(shape_fix));
        }
    }
    if (authority.find('@') != std::string_view::npos) {
        throw value_error("the URL contains a user name", std::string(shape_fix));
    }
    check_authority(authority, "write https://host or https://host:port");
    return "https://" + lower_ascii(authority);
}

std::string normalize_sink_url(std::string_view text) {
    // Anything before an '@' may be a password, so the value is never echoed then.
    if (text.find('@') != std::string_view::npos) {
        throw value_error("the URL contains credentials (user:password@)",
                          "remove them; put the user name in username: and the password, token "
                          "or API key in secret_file (or secret_env)",
                          value_echo::never);
    }
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
        throw value_error("not a URL (no https://)", std::string(sink_fix));
    }
    std::string scheme = lower_ascii(text.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") {
        throw value_error("the scheme is not http or https", std::string(sink_fix));
    }
    std::string_view rest = text.substr(scheme_end + 3);
    auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    std::string_view path =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    if (path.find_first_of("?#") != std::string_view::npos) {
        throw value_error("the URL has a query or fragment",
                          "remove everything from the '?' or '#'; " + std::string(sink_fix));
    }
    check_authority(authority, sink_fix);
    check_path(path);
    return scheme + "://" + lower_ascii(authority) + std::string(path);
}

std::string normalize_host(std::string_view text) {
    if (text.find("://") != std::string_view::npos) {
        throw value_error("a host is expected, not a URL", std::string(host_fix));
    }
    if (text.starts_with('[') ? is_valid_ipv6_literal(text) : is_valid_ipv6(text)) {
        std::string_view bare = text.starts_with('[') ? text.substr(1, text.size() - 2) : text;
        return lower_ascii(bare);
    }
    if (std::count(text.begin(), text.end(), ':') == 1) {
        throw value_error("the host contains a port", std::string(host_fix));
    }
    if (!is_valid_host_name(text)) {
        throw value_error("the host name is not valid", std::string(host_fix));
    }
    return lower_ascii(text);
}

}  // namespace sfc::config
