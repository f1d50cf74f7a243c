#pragma once
// Access tokens from the OAuth 2.0 JWT bearer flow: sign an assertion, POST it to
// /services/oauth2/token, cache the answer until a 401 invalidates it.

#include <memory>
#include <optional>
#include <string>

#include "auth/token_provider.hpp"
#include "crypto/private_key.hpp"
#include "http/client.hpp"
#include "sfc/clock.hpp"

namespace sfc::auth {

struct jwt_bearer_settings {
    crypto::private_key key;  ///< signs the assertions (server.pem)
    std::string client_id;    ///< JWT iss: the Consumer Key
    std::string username;     ///< JWT sub
    std::string audience;     ///< JWT aud: https://login.salesforce.com or https://test...
};

class jwt_bearer_provider final : public token_provider {
public:
    /// `token_endpoint` is the client for the login host; it and `clock` must outlive this.
    jwt_bearer_provider(http::client& token_endpoint,
                        jwt_bearer_settings settings,
                        const sfc::clock& clock);
    ~jwt_bearer_provider() override;

    /// Concurrent callers on the strand share one request to the token endpoint.
    boost::asio::awaitable<access_token> token() override;
    void invalidate(std::string_view value) override;

private:
    struct flight;
    boost::asio::awaitable<access_token> mint();
    std::string peer() const;

    http::client& client_;
    jwt_bearer_settings settings_;
    const sfc::clock& clock_;
    std::optional<access_token> cached_;
    std::shared_ptr<flight> flight_;  ///< the mint in progress, if any
};

/// Reads a 200 answer of the token endpoint; nullopt without an access_token. Exposed for tests.
std::optional<access_token> parse_token_response(std::string_view body);

}  // namespace sfc::auth
