#pragma once
// Waits as an operator reads them in a log line: "5m", "30s", "2.5s", "50ms".

#include <chrono>
#include <string>

namespace sfc::salesforce {

/// Whole hours, minutes or seconds in their unit; other waits of a second or more in seconds
/// with one decimal; shorter ones in milliseconds.
std::string duration_text(std::chrono::milliseconds d);

}  // namespace sfc::salesforce
