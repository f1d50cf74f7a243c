#include "net/authority.hpp"

#include <algorithm>

namespace sfc::net {
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

}  // namespace sfc::net
