#pragma once
// Checks the URLs and host names in the config without depending on the http module.

#include <string>
#include <string_view>

namespace sfc::config {

/// Accepts "https://host[:port]" with an optional trailing "/" and returns it with the scheme and
/// host lower-cased and the slash removed. Throws value_error for other schemes, user info, paths,
/// queries, fragments, bad hosts or ports.
std::string normalize_base_url(std::string_view text);

/// A SIEM endpoint: "http(s)://host[:port][/path]", returned with the scheme and host
/// lower-cased and the path as written. Throws value_error for other schemes, queries,
/// fragments, bad hosts or ports, and for credentials in the URL (without echoing the value).
std::string normalize_sink_url(std::string_view text);

/// Checks "host[:port]": a host name, IPv4 address or [IPv6] literal, and a port from 1 to 65535.
/// Throws value_error with `fix` as the fix.
void check_authority(std::string_view authority, std::string_view fix);

/// A host name, IPv4 address or IPv6 address (brackets optional), returned lower-cased and
/// without brackets. Throws value_error for anything else, e.g. "host:port" or a URL.
std::string normalize_host(std::string_view text);

}  // namespace sfc::config
