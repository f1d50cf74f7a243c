#pragma once
// The caching every OAuth grant shares: a token is minted once, handed out until a 401
// invalidates it, and callers arriving during a mint wait for that one request.

#include <memory>
#include <optional>
#include <string_view>

#include "auth/token_provider.hpp"

namespace sfc::auth {

class cached_token_provider : public token_provider {
public:
    ~cached_token_provider() override;

    /// Concurrent callers on the strand share one request to the token endpoint.
    boost::asio::awaitable<access_token> token() final;
    void invalidate(std::string_view value) final;

protected:
    cached_token_provider();

    /// Asks the token endpoint for a new token. Throws oauth_error or http::transport_error.
    virtual boost::asio::awaitable<access_token> mint() = 0;

private:
    struct flight;
    std::optional<access_token> cached_;
    std::shared_ptr<flight> flight_;  ///< the mint in progress, if any
};

}  // namespace sfc::auth
