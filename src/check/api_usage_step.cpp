#include "check/api_usage_step.hpp"

#include <cstdio>
#include <string>

#include "salesforce/api_budget.hpp"

namespace sfc::check {
namespace {

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", share * 100.0);
    return buf;
}

}  // namespace

verdict judge_api_usage(const salesforce::api_usage& usage, double max_share) {
    if (usage.limit == 0) {
        return warning(
            "/limits reports no daily API allocation (DailyApiRequests Max 0); the "
            "collector cannot judge salesforce.max_api_share");
    }
    const double share = static_cast<double>(usage.used) / static_cast<double>(usage.limit);
    const std::string text = std::to_string(usage.used) + " of " + std::to_string(usage.limit) +
                             " daily API requests used by all clients (" + percent(share) +
                             "), salesforce.max_api_share " + percent(max_share);
    if (salesforce::reaches_share(usage, max_share)) {
        return failed(text +
                          ": the collector would pause until the rolling 24 h usage falls below "
                          "the share; raise max_api_share, or find the integration using the "
                          "allocation (Setup > System Overview)",
                      check_failed);
    }
    if (share >= max_share * usage_warning_fraction) {
        return warning(text + ": close to the share, where the collector pauses");
    }
    return passed(text);
}

}  // namespace sfc::check
