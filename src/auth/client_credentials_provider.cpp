#include "auth/client_credentials_provider.hpp"

#include <spdlog/spdlog.h>

#include "auth/token_request.hpp"

namespace sfc::auth {
namespace asio = boost::asio;

client_credentials_provider::client_credentials_provider(http::client& token_endpoint,
                                                         client_credentials_settings settings)
    : client_(token_endpoint), settings_(std::move(settings)) {}

asio::awaitable<access_token> client_credentials_provider::mint() {
    // In the body rather than in Basic auth: both are accepted (salesforce-api.md 2), and the
    // body form is what Salesforce's own samples use.
    std::string body =
        "grant_type=client_credentials&client_id=" + http::url_encode(settings_.client_id) +
        "&client_secret=" + http::url_encode(settings_.client_secret);
    const std::string_view secret = settings_.client_secret;
    access_token token =
        co_await request_token(client_, std::move(body), grant_flow::client_credentials, secret);
    spdlog::info("obtained an access token by client credentials for {} (org {}, Run As user {})",
                 settings_.name.empty() ? client_.origin() : settings_.name,
                 token.org_id.empty() ? "unknown" : token.org_id,
                 token.user_id.empty() ? "unknown" : token.user_id);
    co_return token;
}

}  // namespace sfc::auth
