#pragma once
// Durations as operators write them: "30s", "5m", "1h", "7d", or a bare number of seconds; where
// less than a second makes sense (retry back-off, batch linger) also "500ms".

#include <chrono>
#include <string_view>

namespace sfc::config {

/// Parses a whole number with an optional unit (s, m, h, d). Throws value_error for anything
/// else, including durations over ten years (surely a typo, and it keeps the arithmetic safe).
std::chrono::seconds parse_duration(std::string_view text);

/// As parse_duration, and also accepts milliseconds ("500ms").
std::chrono::milliseconds parse_duration_ms(std::string_view text);

/// A source's `settle`: a duration of at most one day (longer would hold back a day's events).
std::chrono::seconds parse_settle(std::string_view text);

}  // namespace sfc::config
