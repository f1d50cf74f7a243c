#pragma once
// The REST API version in "/services/data/vNN.N/": "64.0" from Setup → Apex Classes.

#include <string>
#include <string_view>

namespace sfc::config {

/// The oldest version with EventLogFile.Interval and Sequence, which the collector queries.
inline constexpr int min_api_major_version = 37;

/// Accepts "64.0" or "v64.0" and returns "64.0". Throws value_error for other shapes and for
/// versions older than 37.0.
std::string normalize_api_version(std::string_view text);

}  // namespace sfc::config
