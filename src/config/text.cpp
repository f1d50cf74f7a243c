#include "config/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "config/config_error.hpp"
#include "net/text.hpp"

namespace sfc::config {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), net::ascii_lower);
    return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return net::iequals(a, b);
}

bool is_plain_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

std::string check_plain_name(const std::string& name,
                             std::string_view what,
                             std::string_view example) {
    if (!is_plain_name(name)) {
        throw value_error(std::string(what) + " is up to 64 letters, digits, '_', '-' and '.'",
                          "use e.g. name: " + std::string(example));
    }
    return name;
}

namespace {

std::string code_point_name(std::uint32_t c) {
    if (c == '\n' || c == '\r') return "a line break";
    if (c == 0) return "a NUL byte";
    if (c == '\t') return "a tab";
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return std::string("the control character ") + buffer;
}

bool is_control(std::uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/// The length of the UTF-8 sequence at `s[i]` and its code point; 0 when it is not valid UTF-8
/// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t decode_utf8(std::string_view s, std::size_t i, std::uint32_t& c) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char b0 = byte(0);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
        c = b0;
        return 1;
    } else if ((b0 & 0xE0) == 0xC0) {
        length = 2, c = b0 & 0x1Fu, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3, c = b0 & 0x0Fu, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4, c = b0 & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0) != 0x80) return 0;
        c = (c << 6) | (byte(k) & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
    return length;
}

}  // namespace

std::string unfit_character(std::string_view value) {
    for (std::size_t i = 0; i < value.size();) {
        std::uint32_t c = 0;
        const std::size_t length = decode_utf8(value, i, c);
        if (length == 0) return "bytes that are not UTF-8";
        if (is_control(c)) return code_point_name(c);
        i += length;
    }
    return {};
}

}  // namespace sfc::config
