#include "auth/jwt.hpp"

#include <fmt/format.h>

#include "crypto/encoding.hpp"
#include "crypto/rs256.hpp"
#include "util/json_escape.hpp"

namespace sfc::auth {
namespace {

std::string json_string(std::string_view text) {
    std::string out;
    util::append_json_string(out, text);
    return out;
}

}  // namespace

jwt_claims make_claims(const std::string& client_id,
                       const std::string& username,
                       const std::string& audience,
                       std::chrono::system_clock::time_point now) {
    const auto expiry = std::chrono::floor<std::chrono::seconds>(now) + assertion_lifetime;
    return jwt_claims{client_id, username, audience, expiry.time_since_epoch().count()};
}

std::string mint_assertion(const crypto::private_key& key, const jwt_claims& claims) {
    constexpr std::string_view header = R"({"alg":"RS256","typ":"JWT"})";
    const std::string payload = fmt::format(R"({{"iss":{},"sub":{},"aud":{},"exp":{}}})",
                                            json_string(claims.iss),
                                            json_string(claims.sub),
                                            json_string(claims.aud),
                                            claims.exp);
    std::string signing_input =
        crypto::base64url_encode(header) + "." + crypto::base64url_encode(payload);
    const std::string signature = crypto::sign_rs256(key, signing_input);
    return signing_input + "." + crypto::base64url_encode(signature);
}

}  // namespace sfc::auth
