#pragma once
// Small checks on the words operators write (keys, choices, names). YAML keys, SOQL names and
// the names below are ASCII, so no locale is involved.

#include <cstddef>
#include <string>
#include <string_view>

namespace sfc::config {

/// `text` with A-Z turned into a-z.
std::string lower_ascii(std::string_view text);

/// Whether `a` and `b` are equal apart from ASCII case.
bool equal_ignoring_case(std::string_view a, std::string_view b);

inline constexpr std::size_t max_name_length = 64;

/// A label that appears in logs, metrics and state file names (sinks, orgs, object sources):
/// 1 to max_name_length letters, digits, '_', '-' and '.'.
bool is_plain_name(std::string_view name);

/// `name` when is_plain_name; else value_error "<what> is up to 64 letters, ...", with "use e.g.
/// name: <example>" as the fix.
std::string check_plain_name(const std::string& name,
                             std::string_view what,
                             std::string_view example);

/// What makes `value` unfit for a config value, or "" when nothing does: a control character
/// ("a line break", "a NUL byte", "the control character U+001B"; tab included, since values land
/// in log lines and headers, where one forges a field or a line) or a byte sequence that is not
/// UTF-8 ("bytes that are not UTF-8").
std::string unfit_character(std::string_view value);

}  // namespace sfc::config
