#pragma once
// A proxy URL as operators write it (salesforce.proxy, HTTPS_PROXY): its pieces, its password
// masked for messages, its %-escapes decoded. Shared by the config checks and the http client so
// both read a URL the same way; standard library only, so the config module can link it.

#include <optional>
#include <string>
#include <string_view>

namespace sfc::net {

/// Views into a proxy URL, before any checking, so that errors can quote it with the password
/// masked.
struct proxy_url_parts {
    std::optional<std::string_view> scheme;     ///< before "://"; nullopt when left out
    std::optional<std::string_view> user_info;  ///< before the last '@'; nullopt without '@'
    std::string_view authority;                 ///< "host[:port]" or "[v6][:port]", unchecked
    std::string_view tail;  ///< from the first '/', '?' or '#' after the authority, or empty
};

/// Splits "[scheme://][user[:password]@]authority[tail]". The user info ends at the LAST '@': a
/// password with an unescaped '@', '/', '?' or '#' (often pasted that way) stays in the password
/// instead of spilling into the host or path that messages quote.
proxy_url_parts split_proxy_url(std::string_view url);

/// What a password becomes in messages.
inline constexpr std::string_view password_mask = "****";

/// `url` as written, with the password (the user info after its first ':') replaced by
/// password_mask; unchanged when it has none.
std::string mask_password(std::string_view url);

/// `text` with its %XX escapes decoded; nullopt when a '%' is not followed by two hex digits,
/// which also makes it the check that user info will decode.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace sfc::net
