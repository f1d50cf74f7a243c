#pragma once
// The Sforce-Limit-Info response header: the org's rolling 24 h API usage.

#include <cstdint>
#include <optional>
#include <string_view>

namespace sfc::salesforce {

struct api_usage {
    std::uint64_t used = 0;
    std::uint64_t limit = 0;
};

/// Reads "api-usage=18/5000", possibly among other "; "-separated segments such as
/// "per-app-api-usage=17/250(appName=x)" in any order. nullopt when absent or malformed.
std::optional<api_usage> parse_limit_info(std::string_view header);

}  // namespace sfc::salesforce
