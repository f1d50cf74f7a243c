#pragma once
// Access tokens from the OAuth 2.0 client credentials flow: POST the External Client App's
// Consumer Key and Secret to the org's My Domain /services/oauth2/token, cache the answer until a
// 401 invalidates it. The token acts as the app's Run As user.

#include <string>

#include "auth/cached_token_provider.hpp"
#include "http/client.hpp"

namespace sfc::auth {

struct client_credentials_settings {
    std::string client_id;      ///< the Consumer Key
    std::string client_secret;  ///< the Consumer Secret, already read; never logged
    std::string name;           ///< who the tokens are for in log lines (the org); may be empty
};

class client_credentials_provider final : public cached_token_provider {
public:
    /// `token_endpoint` is the client for the org's My Domain origin (salesforce.instance_url;
    /// Salesforce refuses this grant on login/test.salesforce.com); it must outlive this.
    client_credentials_provider(http::client& token_endpoint, client_credentials_settings settings);

private:
    boost::asio::awaitable<access_token> mint() override;

    http::client& client_;
    client_credentials_settings settings_;
};

}  // namespace sfc::auth
