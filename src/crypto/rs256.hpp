#pragma once
// RS256 (RSASSA-PKCS1-v1_5 with SHA-256), the only JWT algorithm Salesforce accepts.

#include <string>
#include <string_view>

#include "crypto/private_key.hpp"

namespace sfc::crypto {

/// The raw signature bytes (as long as the modulus). Throws std::runtime_error if OpenSSL fails.
std::string sign_rs256(const private_key& key, std::string_view data);

}  // namespace sfc::crypto
