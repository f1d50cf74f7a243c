#pragma once
// JSON string literals from arbitrary bytes: the output is always valid JSON.

#include <string>
#include <string_view>

namespace sfc::util {

/// Appends `s` to `out` as a quoted JSON string. Quote, backslash and control characters are
/// escaped (\n \r \t \b \f by name, others as \u00XX); valid UTF-8 passes through unchanged; each
/// byte that is not part of a valid UTF-8 sequence becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// Appends the text of a JSON string literal (without its quotes) with its escapes decoded. Meant
/// for text already known to be valid JSON; a malformed \u escape becomes U+FFFD.
void append_json_unescaped(std::string& out, std::string_view s);

}  // namespace sfc::util
