#include "auth/jwt_bearer_provider.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

#include "auth/jwt.hpp"
#include "auth/oauth_error.hpp"

namespace sfc::auth {
namespace asio = boost::asio;

namespace {

constexpr std::string_view token_path = "/services/oauth2/token";
constexpr std::string_view jwt_bearer_grant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Splits ".../id/<org>/<user>" into its two ids; leaves them empty if the URL has another shape.
void read_identity_url(std::string_view url, access_token& token) {
    const auto pos = url.rfind("/id/");
    if (pos == std::string_view::npos) return;
    std::string_view ids = url.substr(pos + 4);
    const auto slash = ids.find('/');
    if (slash == std::string_view::npos || slash == 0) return;
    std::string_view user = ids.substr(slash + 1);
    if (user.empty() || user.find('/') != std::string_view::npos) return;
    token.org_id = ids.substr(0, slash);
    token.user_id = user;
}

std::string optional_string(simdjson::dom::element root, const char* field) {
    std::string_view value;
    if (root[field].get_string().get(value) != simdjson::SUCCESS) return {};
    return std::string(value);
}

}  // namespace

/// One request to the token endpoint that other callers wait for: `done` is cancelled when
/// it ends, which wakes every waiter.
struct jwt_bearer_provider::flight {
    explicit flight(asio::any_io_executor executor)
        : done(executor, asio::steady_timer::time_point::max()) {}
    asio::steady_timer done;
    std::optional<access_token> result;
    std::exception_ptr error;
};

std::optional<access_token> parse_token_response(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) return std::nullopt;
    access_token token;
    token.value = optional_string(root, "access_token");
    if (token.value.empty()) return std::nullopt;
    token.instance_url = optional_string(root, "instance_url");
    read_identity_url(optional_string(root, "id"), token);
    return token;
}

jwt_bearer_provider::jwt_bearer_provider(http::client& token_endpoint,
                                         jwt_bearer_settings settings,
                                         const sfc::clock& clock)
    : client_(token_endpoint), settings_(std::move(settings)), clock_(clock) {}

jwt_bearer_provider::~jwt_bearer_provider() = default;

asio::awaitable<access_token> jwt_bearer_provider::token() {
    if (cached_) co_return *cached_;
    if (auto joined = flight_) {
        boost::system::error_code ignored;
        co_await joined->done.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (joined->error) std::rethrow_exception(joined->error);
        if (!joined->result) {  // this waiter was cancelled before the request ended
            throw boost::system::system_error(asio::error::operation_aborted);
        }
        co_return *joined->result;
    }
    auto own = std::make_shared<flight>(co_await asio::this_coro::executor);
    flight_ = own;
    try {
        own->result = co_await mint();
        cached_ = own->result;
    } catch (...) {
        own->error = std::current_exception();
    }
    flight_.reset();
    own->done.cancel();
    if (own->error) std::rethrow_exception(own->error);
    co_return *own->result;
}

void jwt_bearer_provider::invalidate(std::string_view value) {
    if (cached_ && cached_->value == value) cached_.reset();
}

asio::awaitable<access_token> jwt_bearer_provider::mint() {
    const auto claims =
        make_claims(settings_.client_id, settings_.username, settings_.audience, clock_.now());
    http::request req;
    req.method = "POST";
    req.target = token_path;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    req.body = "grant_type=" + http::url_encode(jwt_bearer_grant) +
               "&assertion=" + http::url_encode(mint_assertion(settings_.key, claims));
    const http::response res = co_await client_.send(std::move(req));
    if (res.status != 200) throw make_oauth_error(peer(), res.status, res.body);
    auto token = parse_token_response(res.body);
    if (!token) {
        // The body may hold a token after all: never quote it.
        throw oauth_error(peer() +
                              ": answered 200 without an access_token in JSON -- check "
                              "that salesforce.login_url is a Salesforce login host",
                          "ERROR_INVALID_TOKEN_RESPONSE",
                          "no access_token",
                          false);
    }
    spdlog::info("obtained an access token for {} (org {})",
                 settings_.username,
                 token->org_id.empty() ? "unknown" : token->org_id);
    co_return std::move(*token);
}

std::string jwt_bearer_provider::peer() const {
    return client_.origin() + std::string(token_path);
}

}  // namespace sfc::auth
