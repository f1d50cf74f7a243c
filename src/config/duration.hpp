#pragma once
// Durations as operators write them: "30s", "5m", "1h", "7d", or a bare number of seconds.

#include <chrono>
#include <string_view>

namespace sfc::config {

/// Parses a whole number with an optional unit (s, m, h, d). Throws value_error for anything
/// else, including durations over ten years (surely a typo, and it keeps the arithmetic safe).
std::chrono::seconds parse_duration(std::string_view text);

}  // namespace sfc::config
