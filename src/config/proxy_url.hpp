#pragma once
// The HTTP proxy and its exceptions as operators write them, in the config or in HTTPS_PROXY and
// NO_PROXY.

#include <string>
#include <string_view>
#include <vector>

namespace sfc::config {

/// Accepts "http://[user[:password]@]host[:port][/]" (the scheme may be left out, as curl
/// allows) and returns "http://[user[:password]@]host[:port]" with the host lower-cased (the
/// http module defaults the port to 1080, as curl does). Throws value_error for https:// and
/// other schemes, paths, bad hosts, ports or %-escapes; the error quotes the value with the
/// password masked (net::mask_password).
std::string normalize_proxy_url(std::string_view text);

/// One no_proxy entry as http::bypass_proxy reads it: "*", a host name or IP address with an
/// optional ":port" (ignored), ".example.com" or "*.example.com", or a network such as
/// "10.0.0.0/8"; returned lower-cased. Throws value_error for anything else (URLs, blanks).
std::string normalize_no_proxy_entry(std::string_view text);

/// A comma-separated no_proxy list (NO_PROXY's form); blanks around entries and empty entries
/// are skipped. Errors name the entry by position.
std::vector<std::string> parse_no_proxy_list(std::string_view text);

}  // namespace sfc::config
