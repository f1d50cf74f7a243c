#pragma once
// Byte-level text helpers shared by the formats: UTF-8 walking, repair and safe truncation.

#include <cstddef>
#include <string>
#include <string_view>

namespace sfc::format {

/// Length (1-4) of the valid UTF-8 sequence at s[at], or 0 when the bytes there are not one
/// (stray continuation byte, overlong form, surrogate, beyond U+10FFFF, cut short).
std::size_t utf8_sequence_length(std::string_view s, std::size_t at);

bool is_valid_utf8(std::string_view s);

/// Appends `s` with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD
/// (the same rule as util::append_json_string).
void append_utf8_repaired(std::string& out, std::string_view s);

/// The longest prefix of `s` holding at most `max_chars` characters, never ending inside a
/// UTF-8 sequence (a byte that starts no valid sequence counts as one character).
std::string_view truncate_chars(std::string_view s, std::size_t max_chars);

/// An RFC 5424 header field: each character outside PRINTUSASCII (%d33-126) becomes one '_' (a
/// multi-byte UTF-8 character included, so the count of characters is kept), then at most
/// `max_len` octets; NILVALUE "-" when empty.
std::string header_token(std::string_view s, std::size_t max_len);

}  // namespace sfc::format
