#pragma once
// The "host[:port]" part of a URL, shared by origin URLs and proxy URLs.

#include <optional>
#include <string>
#include <string_view>

namespace sfc::net {

struct host_port {
    std::string host;  ///< IPv6 without brackets
    std::string port;
};

/// Digits only, 1 to 65535.
bool valid_port(std::string_view port);

/// Splits "host[:port]" or "[v6][:port]", using default_port when there is none; nullopt on
/// anything malformed (userinfo, an empty host, characters a host name cannot hold, a bad port).
std::optional<host_port> split_authority(std::string_view authority, std::string_view default_port);

}  // namespace sfc::net
