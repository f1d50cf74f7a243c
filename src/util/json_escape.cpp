#include "util/json_escape.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace sfc::util {
namespace {

// Bytes that can be copied as they are: printable ASCII other than quote and backslash.
constexpr std::array<bool, 256> make_plain_table() {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c) t[static_cast<std::size_t>(c)] = true;
    t['"'] = false;
    t['\\'] = false;
    return t;
}
constexpr auto plain = make_plain_table();

// True when the 8 bytes at p are all plain, tested at once: cells are mostly long runs of
// plain ASCII.
bool plain8(const char* p) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t high = 0x8080808080808080ULL;
    // With no high bit set, (x - n) & ~x & high flags exactly the bytes of x below n.
    const auto any_below = [](std::uint64_t x, std::uint64_t n) {
        return ((x - ones * n) & ~x & high) != 0;
    };
    return (v & high) == 0 && !any_below(v, 0x20) && !any_below(v ^ (ones * '"'), 1) &&
           !any_below(v ^ (ones * '\\'), 1);
}

constexpr std::string_view replacement = "\xEF\xBF\xBD";

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

// Length of the valid UTF-8 sequence starting at s[i] (lead byte >= 0x80), or 0 if invalid.
// Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char lead = at(0);
    const std::size_t left = s.size() - i;
    if (lead >= 0xC2 && lead <= 0xDF) {
        return left >= 2 && is_continuation(at(1)) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (left < 3 || !is_continuation(at(1)) || !is_continuation(at(2))) return 0;
        if (lead == 0xE0 && at(1) < 0xA0) return 0;  // overlong
        if (lead == 0xED && at(1) > 0x9F) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (left < 4 || !is_continuation(at(1)) || !is_continuation(at(2)) ||
            !is_continuation(at(3)))
            return 0;
        if (lead == 0xF0 && at(1) < 0x90) return 0;  // overlong
        if (lead == 0xF4 && at(1) > 0x8F) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

void append_control(std::string& out, unsigned char c) {
    switch (c) {
        case '"':
            out += "\\\"";
            return;
        case '\\':
            out += "\\\\";
            return;
        case '\n':
            out += "\\n";
            return;
        case '\r':
            out += "\\r";
            return;
        case '\t':
            out += "\\t";
            return;
        case '\b':
            out += "\\b";
            return;
        case '\f':
            out += "\\f";
            return;
        default:
            break;
    }
    constexpr char hex[] = "0123456789abcdef";
    const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
    out.append(esc, sizeof esc);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t run = i;
        while (run + 8 <= s.size() && plain8(s.data() + run)) run += 8;
        while (run < s.size() && plain[static_cast<unsigned char>(s[run])]) ++run;
        out.append(s.data() + i, run - i);
        i = run;
        if (i == s.size()) break;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            append_control(out, c);
            ++i;
        } else if (const std::size_t n = utf8_sequence_length(s, i); n > 0) {
            out.append(s.data() + i, n);
            i += n;
        } else {
            out += replacement;
            ++i;
        }
    }
    out.push_back('"');
}

}  // namespace sfc::util

namespace sfc::util {
namespace {

// The four hex digits at s[at]; -1 when they are not.
long hex4(std::string_view s, std::size_t at) {
    if (at + 4 > s.size()) return -1;
    unsigned long v = 0;
    const char* first = s.data() + at;
    const auto [end, ec] = std::from_chars(first, first + 4, v, 16);
    return ec == std::errc() && end == first + 4 ? static_cast<long>(v) : -1;
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// The \u escape at s[i] (s[i] == 'u'), a surrogate pair included; `i` moves past it.
void append_unicode_escape(std::string& out, std::string_view s, std::size_t& i) {
    long cp = hex4(s, i + 1);
    i += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i] == '\\' && s[i + 1] == 'u') {
        const long low = hex4(s, i + 2);
        if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
        }
    }
    if (cp < 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out += replacement;
        return;
    }
    append_utf8(out, static_cast<unsigned long>(cp));
}

char simple_escape(char c) {
    switch (c) {
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        default:
            return c;  // '"', '\\', '/'
    }
}

}  // namespace

void append_json_unescaped(std::string& out, std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t slash = s.find('\\', i);
        if (slash == std::string_view::npos || slash + 1 >= s.size()) {
            out.append(s.substr(i));
            return;
        }
        out.append(s.substr(i, slash - i));
        i = slash + 1;
        if (s[i] == 'u') {
            append_unicode_escape(out, s, i);
        } else {
            out.push_back(simple_escape(s[i]));
            ++i;
        }
    }
}

}  // namespace sfc::util
