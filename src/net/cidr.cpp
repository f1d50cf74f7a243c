#include "net/cidr.hpp"

#include <charconv>

namespace sfc::net {

std::optional<cidr> split_cidr(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto bits = text.substr(slash + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), value);
    if (ec != std::errc{} || end != bits.data() + bits.size()) return std::nullopt;
    return cidr{text.substr(0, slash), value};
}

}  // namespace sfc::net
