#pragma once
// GET /services/data/vXX.X/limits/: the org's daily API allocation, as the budget needs it.

#include "salesforce/limit_info.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace sfc::salesforce {

struct limit_pair {
    std::uint64_t max = 0;
    std::uint64_t remaining = 0;
};

struct org_limits {
    limit_pair daily_api_requests;  ///< "DailyApiRequests": the rolling 24 h allocation
    /// As Sforce-Limit-Info counts it: used = Max - Remaining.
    api_usage daily_api_usage() const;
};

/// A /limits body the collector cannot use; not_json() tells a garbled body (worth another
/// try) from a readable one without DailyApiRequests (retrying will not help).
class limits_format_error : public std::runtime_error {
public:
    limits_format_error(std::string what, bool not_json)
        : std::runtime_error(std::move(what)), not_json_(not_json) {}
    bool not_json() const { return not_json_; }

private:
    bool not_json_;
};

/// Reads DailyApiRequests' Max and Remaining. Nested per-app objects ("Ant Migration Tool":
/// {...}) inside it and every other limit are skipped. Throws limits_format_error.
org_limits parse_org_limits(std::string_view body);

}  // namespace sfc::salesforce
