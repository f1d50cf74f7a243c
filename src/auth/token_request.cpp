#include "auth/token_request.hpp"

#include <optional>
#include <utility>

#include "auth/token_response.hpp"

namespace sfc::auth {
namespace asio = boost::asio;

namespace {

constexpr std::string_view token_path = "/services/oauth2/token";

oauth_error no_token_in_answer(const std::string& peer, grant_flow flow) {
    // The body may hold a token after all: never quote it.
    const std::string_view check = flow == grant_flow::client_credentials
                                       ? "that salesforce.instance_url is your My Domain URL"
                                       : "that salesforce.login_url is a Salesforce login host";
    return oauth_error(
        peer + ": answered 200 without an access_token in JSON -- check " + std::string(check),
        "ERROR_INVALID_TOKEN_RESPONSE",
        "no access_token",
        false);
}

}  // namespace

std::string token_endpoint_url(const http::client& client) {
    return client.origin() + std::string(token_path);
}

asio::awaitable<access_token> request_token(http::client& client,
                                            std::string body,
                                            grant_flow flow,
                                            std::string_view secret) {
    http::request req;
    req.method = "POST";
    req.target = token_path;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = std::move(body);
    const http::response res = co_await client.send(std::move(req));
    const std::string peer = token_endpoint_url(client);
    if (res.status != 200) {
        throw without_secret(make_oauth_error(peer, res.status, res.body, flow), secret);
    }
    std::optional<access_token> token = parse_token_response(res.body);
    if (!token) throw no_token_in_answer(peer, flow);
    co_return std::move(*token);
}

}  // namespace sfc::auth
