#include "platform/ip_address.hpp"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#endif

#include <string>

namespace sfc::platform {

std::optional<ip_address> parse_ip_address(std::string_view text) {
    // inet_pton reads up to a NUL, so an embedded one would hide trailing junk.
    if (text.empty() || text.size() >= 64 || text.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    const std::string c_text(text);
    ip_address ip;
    if (inet_pton(AF_INET, c_text.c_str(), ip.bytes.data()) == 1) {
        ip.size = 4;
    } else if (inet_pton(AF_INET6, c_text.c_str(), ip.bytes.data()) == 1) {
        ip.size = 16;
    } else {
        return std::nullopt;
    }
    return ip;
}

}  // namespace sfc::platform
