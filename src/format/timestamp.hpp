#pragma once
// ISO 8601 / RFC 3339 date-times to and from milliseconds since the Unix epoch.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::format {

/// Milliseconds since the epoch from what util::parse_iso8601 reads (the fraction cut to
/// milliseconds); std::nullopt for anything else.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s);

/// RFC 3339 in UTC with milliseconds, "2023-12-18T05:48:31.655Z"; empty when the year is
/// outside 0000-9999 (which a four-digit year cannot carry).
std::string rfc3339_ms(std::int64_t epoch_ms);

std::int64_t to_epoch_ms(std::chrono::system_clock::time_point tp);

}  // namespace sfc::format
