#pragma once
// Access tokens for one org: minted on demand, cached, renewed after a 401.

#include <boost/asio/awaitable.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::auth {

struct access_token {
    std::string value;         ///< the bearer token; never logged
    std::string instance_url;  ///< as the token endpoint returned it
    std::string org_id;        ///< 18-char org id, from the identity URL (`id`)
    std::string user_id;       ///< 18-char user id, from the identity URL
};

/// The token endpoint refused: an OAuth error with the operator's fix in words.
/// what() is one line: "<peer>: <error>: <error_description> -- <what to do>".
class oauth_error : public std::runtime_error {
public:
    oauth_error(std::string message, std::string code, std::string description, bool permanent)
        : std::runtime_error(std::move(message)),
          code_(std::move(code)),
          description_(std::move(description)),
          permanent_(permanent) {}
    const std::string& code() const { return code_; }
    const std::string& description() const { return description_; }
    /// True when retrying without an operator's change cannot help (bad key, unapproved user).
    bool permanent() const { return permanent_; }

private:
    std::string code_;
    std::string description_;
    bool permanent_;
};

/// Hands out a valid access token. Used from one strand.
class token_provider {
public:
    virtual ~token_provider() = default;
    /// The cached token, or a new one. Throws oauth_error or http::transport_error.
    virtual boost::asio::awaitable<access_token> token() = 0;
    /// Drops `value` from the cache after a 401, so the next token() mints anew. A stale value
    /// (already replaced) is ignored, so two requests failing with the same token mint once.
    virtual void invalidate(std::string_view value) = 0;
};

}  // namespace sfc::auth
