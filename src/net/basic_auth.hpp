#pragma once
// HTTP Basic credentials (RFC 7617), for a proxy's Proxy-Authorization and an HTTP sink's
// Authorization: one encoder for both.

#include <string>
#include <string_view>

namespace sfc::net {

/// "Basic " + base64(user ":" password). A secret: never log it.
std::string basic_authorization(std::string_view user, std::string_view password);

}  // namespace sfc::net
