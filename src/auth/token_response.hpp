#pragma once
// Reading the token endpoint's 200 answer, the same for every grant.

#include <optional>
#include <string_view>

#include "auth/token_provider.hpp"

namespace sfc::auth {

/// Reads a 200 answer of the token endpoint; nullopt without an access_token. Unknown fields are
/// ignored; the org and user ids come from the identity URL (`id`) when it has the usual shape.
std::optional<access_token> parse_token_response(std::string_view body);

}  // namespace sfc::auth
