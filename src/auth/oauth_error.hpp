#pragma once
// Turns a token endpoint's refusal into an oauth_error with the operator's fix in words.

#include <string_view>

#include "auth/token_provider.hpp"

namespace sfc::auth {

/// The OAuth grant that was refused: the same error code can need a different fix per grant.
enum class grant_flow { jwt_bearer, client_credentials };

/// `peer` names the token endpoint (e.g. "https://login.salesforce.com/services/oauth2/token").
/// Reads {"error":..,"error_description":..}; a body that is not such JSON (HTML from a proxy,
/// empty) gives the code "ERROR_HTTP_<status>" and is never quoted in the message.
oauth_error make_oauth_error(std::string_view peer,
                             unsigned http_status,
                             std::string_view body,
                             grant_flow flow = grant_flow::jwt_bearer);

/// `error` with every occurrence of `secret` (as sent, and URL-encoded) in its message, code and
/// description replaced by "<redacted>", in case a peer echoes the request. Empty: unchanged.
oauth_error without_secret(const oauth_error& error, std::string_view secret);

}  // namespace sfc::auth
