#pragma once
// The API usage step: the org's rolling 24 h API usage (all clients, from /limits) against
// salesforce.max_api_share, at or above which the collector makes no request.

#include "check/report.hpp"
#include "salesforce/limit_info.hpp"

namespace sfc::check {

/// Usage from this share of max_api_share on gets a warning.
inline constexpr double usage_warning_fraction = 0.8;

/// Fails (check_failed) at or above the share: the collector would pause at once.
verdict judge_api_usage(const salesforce::api_usage& usage, double max_share);

}  // namespace sfc::check
