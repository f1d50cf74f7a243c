#include "auth/jwt_bearer_provider.hpp"

#include <spdlog/spdlog.h>

#include "auth/jwt.hpp"
#include "auth/token_request.hpp"

namespace sfc::auth {
namespace asio = boost::asio;

namespace {

constexpr std::string_view jwt_bearer_grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

}  // namespace

jwt_bearer_provider::jwt_bearer_provider(http::client& token_endpoint,
                                         jwt_bearer_settings settings,
                                         const sfc::clock& clock)
    : client_(token_endpoint), settings_(std::move(settings)), clock_(clock) {}

asio::awaitable<access_token> jwt_bearer_provider::mint() {
    const auto claims =
        make_claims(settings_.client_id, settings_.username, settings_.audience, clock_.now());
    const std::string assertion = mint_assertion(settings_.key, claims);
    std::string body = "grant_type=" + http::url_encode(jwt_bearer_grant) +
                       "&assertion=" + http::url_encode(assertion);
    // The assertion is a credential for minutes: kept out of errors like a secret.
    const std::string_view secret = assertion;
    access_token token =
        co_await request_token(client_, std::move(body), grant_flow::jwt_bearer, secret);
    spdlog::info("obtained an access token for {} (org {})",
                 settings_.username,
                 token.org_id.empty() ? "unknown" : token.org_id);
    co_return token;
}

}  // namespace sfc::auth
