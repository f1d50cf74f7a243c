#pragma once
// Checks the Salesforce base URLs (login_url, instance_url) without depending on the http module.

#include <string>
#include <string_view>

namespace sfc::config {

/// Accepts "https://host[:port]" with an optional trailing "/" and returns it with the scheme and
/// host lower-cased and the slash removed. Throws value_error for other schemes, user info, paths,
/// queries, fragments, bad hosts or ports.
std::string normalize_base_url(std::string_view text);

}  // namespace sfc::config
