#pragma once
// Byte encodings and digests: base64url (JWT), SHA-256, hex.

#include <optional>
#include <string>
#include <string_view>

namespace sfc::crypto {

/// RFC 4648 section 5 alphabet, without padding.
std::string base64url_encode(std::string_view bytes);

/// Decodes unpadded base64url; nullopt for any other character, padding, or a bad length.
std::optional<std::string> base64url_decode(std::string_view text);

/// The raw 32-byte SHA-256 digest.
std::string sha256(std::string_view bytes);

/// Lower-case hex, two digits per byte.
std::string hex(std::string_view bytes);

}  // namespace sfc::crypto
