#pragma once
// The one reader of ISO 8601 date-times: event timestamps, Salesforce's dateTime values and SOQL
// literals all go through it, so they agree on what a date-time is.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sfc::util {

/// An instant read from text, in UTC.
struct iso_instant {
    std::int64_t seconds = 0;  ///< since the Unix epoch (negative before 1970)
    std::int32_t nanos = 0;    ///< 0-999'999'999
    std::int64_t epoch_ms() const { return seconds * 1000 + nanos / 1'000'000; }
};

/// "YYYY-MM-DDThh:mm:ss", an optional fraction ('.' and 1-9 digits) and a zone: "Z", "+hh:mm"
/// or "+hhmm" (Salesforce writes "+0000"), the offset applied. Second 60 is a leap second and
/// counts as the next minute's first (RFC 3339 allows it). std::nullopt for anything else,
/// impossible dates such as February 30 included.
std::optional<iso_instant> parse_iso8601(std::string_view s);

}  // namespace sfc::util
