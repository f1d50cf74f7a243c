#pragma once
// The POST to /services/oauth2/token and the reading of its answer, the same for every grant.

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "auth/oauth_error.hpp"
#include "auth/token_provider.hpp"
#include "http/client.hpp"

namespace sfc::auth {

/// "<origin>/services/oauth2/token": how errors name the token endpoint.
std::string token_endpoint_url(const http::client& client);

/// POSTs the form `body` to the token endpoint of `client` and returns the token it grants.
/// Throws oauth_error (hints for `flow`; `secret`, the credential inside `body`, is cut out of
/// it even if a peer echoes it) or http::transport_error.
boost::asio::awaitable<access_token> request_token(http::client& client,
                                                   std::string body,
                                                   grant_flow flow,
                                                   std::string_view secret);

}  // namespace sfc::auth
