#pragma once
// HTTP dates, as in the Date and Retry-After headers.

#include <chrono>
#include <optional>
#include <string_view>

namespace sfc::http {

/// RFC 9110's IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"; nullopt for anything else.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s);

}  // namespace sfc::http
