#include "format/framing.hpp"

namespace sfc::format {

std::string frame_octet_counting(std::string_view msg) {
    if (msg.empty()) return {};
    std::string out = std::to_string(msg.size());
    out.reserve(out.size() + 1 + msg.size());
    out += ' ';
    out += msg;
    return out;
}

std::optional<std::string> frame_lf(std::string_view msg) {
    if (msg.find('\n') != std::string_view::npos) return std::nullopt;
    std::string out;
    out.reserve(msg.size() + 1);
    out += msg;
    out += '\n';
    return out;
}

}  // namespace sfc::format
