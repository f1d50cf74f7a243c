#pragma once
// Reading a JWT bearer assertion: structure, RS256 header, claims, and the signature check
// against a connected app's certificate (or public key) with OpenSSL.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {

struct jwt_assertion {
    std::string signing_input;  ///< base64url(header) "." base64url(claims)
    std::string signature;      ///< raw bytes
    std::string iss;
    std::string subject;                 ///< prn when present (it wins), else sub
    std::vector<std::string> audiences;  ///< aud as a string or an array
    std::optional<std::int64_t> exp;     ///< a number or a numeric string
};

/// nullopt when the text is not a well-formed JWT with alg RS256 and JSON claims.
std::optional<jwt_assertion> parse_jwt(std::string_view text);

/// True when signature is a valid RS256 signature of signing_input under the certificate's (or
/// PUBLIC KEY PEM's) RSA key.
bool verify_rs256(std::string_view signing_input,
                  std::string_view signature,
                  std::string_view certificate_pem);

}  // namespace sfc::test::fake_sf
