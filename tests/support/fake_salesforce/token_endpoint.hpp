#pragma once
// POST /services/oauth2/token: the JWT bearer grant and the client credentials grant, with
// Salesforce's error codes and descriptions (HTTP 400 for every OAuth error).

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/state.hpp"

namespace sfc::test::fake_sf {

/// Caller holds state.mu.
http_reply handle_token(fake_state& state, const http_request& request);

/// A fresh access token for username ("<15-char org id>!<random>"), recorded as valid.
/// Caller holds state.mu.
std::string mint_token(fake_state& state, std::string_view username);

}  // namespace sfc::test::fake_sf
