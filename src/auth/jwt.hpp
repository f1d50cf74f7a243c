#pragma once
// The JWT bearer assertion Salesforce exchanges for an access token (RS256, iss/sub/aud/exp).

#include <chrono>
#include <cstdint>
#include <string>

#include "crypto/private_key.hpp"

namespace sfc::auth {

struct jwt_claims {
    std::string iss;       ///< consumer key of the External Client App
    std::string sub;       ///< Salesforce username
    std::string aud;       ///< https://login.salesforce.com or https://test.salesforce.com
    std::int64_t exp = 0;  ///< seconds since the epoch
};

/// How long an assertion is valid; Salesforce asks for at most three minutes.
inline constexpr std::chrono::seconds assertion_lifetime{180};

jwt_claims make_claims(const std::string& client_id,
                       const std::string& username,
                       const std::string& audience,
                       std::chrono::system_clock::time_point now);

/// base64url(header) "." base64url(claims) "." base64url(RS256 signature), no padding.
std::string mint_assertion(const crypto::private_key& key, const jwt_claims& claims);

}  // namespace sfc::auth
