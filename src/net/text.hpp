#pragma once
// ASCII text helpers for protocol tokens and config words (locale-independent on purpose). In
// net, which needs only the standard library, so the config and http modules share them.

#include <algorithm>
#include <string_view>

namespace sfc::net {

constexpr char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return ascii_lower(x) == ascii_lower(y);
    });
}

/// Without the blanks (spaces, tabs) around it.
constexpr std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace sfc::net
