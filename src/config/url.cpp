#include "config/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view shape_fix =
    "write only the scheme and host, e.g. https://company.my.salesforce.com";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
}

/// A DNS name or IPv4 address: dot-separated, non-empty labels.
bool is_valid_host_name(std::string_view host) {
    if (host.empty() || host.front() == '.' || host.back() == '.') return false;
    if (host.find("..") != std::string_view::npos) return false;
    return std::all_of(host.begin(), host.end(), is_host_char);
}

/// "[::1]"-style IPv6 literal, checked loosely: hex digits, ':' and '.' between brackets.
bool is_valid_ipv6_literal(std::string_view host) {
    if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
    return std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
    });
}

void check_port(std::string_view port) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 ||
        value > 65535) {
        throw value_error("the port is not a number from 1 to 65535",
                          "write https://host or https://host:port");
    }
}

/// Splits "host[:port]" and checks both parts.
void check_authority(std::string_view authority) {
    if (authority.find('@') != std::string_view::npos) {
        throw value_error("the URL contains a user name", std::string(shape_fix));
    }
    std::string_view host = authority;
    auto colon = authority.rfind(':');
    bool bracketed = authority.starts_with('[');
    if (colon != std::string_view::npos && (!bracketed || colon > authority.rfind(']'))) {
        host = authority.substr(0, colon);
        check_port(authority.substr(colon + 1));
    }
    if (host.empty()) throw value_error("the URL has no host", std::string(shape_fix));
    if (bracketed ? !is_valid_ipv6_literal(host) : !is_valid_host_name(host)) {
        throw value_error("the host name is not valid", std::string(shape_fix));
    }
}

}  // namespace

std::string normalize_base_url(std::string_view text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
        throw value_error("not a URL (no https://)", std::string(shape_fix));
    }
    std::string scheme = lower(text.substr(0, scheme_end));
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
    check_authority(authority);
    return "https://" + lower(authority);
}

}  // namespace sfc::config
