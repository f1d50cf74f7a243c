#include "format/text.hpp"

namespace sfc::format {
namespace {

bool in(unsigned char c, unsigned char lo, unsigned char hi) {
    return c >= lo && c <= hi;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t at) {
    const std::size_t left = s.size() - at;
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[at + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) return 1;
    // The second byte's range depends on the first (RFC 3629 section 4), which rules out
    // overlong forms, surrogates and code points above U+10FFFF.
    unsigned char lo = 0x80, hi = 0xBF;
    std::size_t len = 0;
    if (in(c, 0xC2, 0xDF)) {
        len = 2;
    } else if (in(c, 0xE0, 0xEF)) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (in(c, 0xF0, 0xF4)) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (left < len || !in(b(1), lo, hi)) return 0;
    for (std::size_t k = 2; k < len; ++k) {
        if (!in(b(k), 0x80, 0xBF)) return 0;
    }
    return len;
}

// The end of the run of ASCII bytes that starts at s[at].
std::size_t ascii_run_end(std::string_view s, std::size_t at) {
    while (at < s.size() && static_cast<unsigned char>(s[at]) < 0x80) ++at;
    return at;
}

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        i = ascii_run_end(s, i);
        if (i == s.size()) break;
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

void append_utf8_repaired(std::string& out, std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t run = ascii_run_end(s, i);
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) break;
        const std::size_t len = utf8_sequence_length(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s, i, len);
            i += len;
        }
    }
}

std::string_view truncate_chars(std::string_view s, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t chars = 0; i < s.size() && chars < max_chars; ++chars) {
        const std::size_t len = utf8_sequence_length(s, i);
        i += len == 0 ? 1 : len;
    }
    return s.substr(0, i);
}

std::string header_token(std::string_view s, std::size_t max_len) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && out.size() < max_len;) {
        const std::size_t len = utf8_sequence_length(s, i);
        const auto c = static_cast<unsigned char>(s[i]);
        out.push_back(len == 1 && c >= 33 && c <= 126 ? static_cast<char>(c) : '_');
        i += len == 0 ? 1 : len;
    }
    if (out.empty()) out.push_back('-');  // not out = "-": GCC 12 -O2 warns falsely (-Wrestrict)
    return out;
}

}  // namespace sfc::format
