#pragma once
// Textual IPv4 and IPv6 addresses, read the way the system's resolver reads them (inet_pton).

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace sfc::platform {

struct ip_address {
    std::array<unsigned char, 16> bytes{};
    std::size_t size = 0;  ///< 4 (IPv4) or 16 (IPv6)
    bool operator==(const ip_address&) const = default;
};

/// The address `text` spells, or nullopt (also for an embedded NUL or trailing junk).
std::optional<ip_address> parse_ip_address(std::string_view text);

}  // namespace sfc::platform
