#pragma once
// Turns a token endpoint's refusal into an oauth_error with the operator's fix in words.

#include <string_view>

#include "auth/token_provider.hpp"

namespace sfc::auth {

/// `peer` names the token endpoint (e.g. "https://login.salesforce.com/services/oauth2/token").
/// Reads {"error":..,"error_description":..}; a body that is not such JSON (HTML from a proxy,
/// empty) gives the code "ERROR_HTTP_<status>" and is never quoted in the message.
oauth_error make_oauth_error(std::string_view peer, unsigned http_status, std::string_view body);

}  // namespace sfc::auth
