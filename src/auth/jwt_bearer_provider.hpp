#pragma once
// Access tokens from the OAuth 2.0 JWT bearer flow: sign an assertion, POST it to
// /services/oauth2/token, cache the answer until a 401 invalidates it.

#include <string>

#include "auth/cached_token_provider.hpp"
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

class jwt_bearer_provider final : public cached_token_provider {
public:
    /// `token_endpoint` is the client for the login host; it and `clock` must outlive this.
    jwt_bearer_provider(http::client& token_endpoint,
                        jwt_bearer_settings settings,
                        const sfc::clock& clock);

private:
    boost::asio::awaitable<access_token> mint() override;

    http::client& client_;
    jwt_bearer_settings settings_;
    const sfc::clock& clock_;
};

}  // namespace sfc::auth
