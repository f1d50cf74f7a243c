#include "salesforce/org_limits.hpp"

#include <gtest/gtest.h>

namespace sfc::salesforce {
namespace {

TEST(parse_org_limits, reads_daily_api_requests_beside_nested_per_app_entries) {
    // The shape of the documented example: per-app objects nested in DailyApiRequests, some
    // before Max and Remaining, and other limits around it.
    const auto limits = parse_org_limits(R"({
        "ConcurrentAsyncGetReportInstances": {"Max": 200, "Remaining": 200},
        "DailyApiRequests": {
            "Ant Migration Tool": {"Max": 0, "Remaining": 0},
            "Max": 15000,
            "Dataloader Bulk": {"Max": 0, "Remaining": 0},
            "Remaining": 14980,
            "sfcollector": {"Max": 500, "Remaining": 499}
        },
        "DailyBulkApiRequests": {"Max": 5000, "Remaining": 5000}
    })");
    EXPECT_EQ(limits.daily_api_requests.max, 15000u);
    EXPECT_EQ(limits.daily_api_requests.remaining, 14980u);
    EXPECT_EQ(limits.daily_api_usage().used, 20u);
    EXPECT_EQ(limits.daily_api_usage().limit, 15000u);
}

TEST(parse_org_limits, accepts_whole_doubles_and_clamps_remaining) {
    const auto limits =
        parse_org_limits(R"({"DailyApiRequests": {"Max": 5000.0, "Remaining": 6000}})");
    EXPECT_EQ(limits.daily_api_requests.max, 5000u);
    EXPECT_EQ(limits.daily_api_usage().used, 0u);  // more remaining than the max: none used
}

TEST(parse_org_limits, a_garbled_body_is_not_json) {
    try {
        parse_org_limits("<html>Bad Gateway</html>");
        FAIL() << "no error";
    } catch (const limits_format_error& e) {
        EXPECT_TRUE(e.not_json());
    }
}

TEST(parse_org_limits, missing_or_odd_limits_are_named) {
    for (const char* body : {R"({"DailyBulkApiRequests": {"Max": 5000, "Remaining": 5000}})",
                             R"({"DailyApiRequests": {"Max": 15000}})",
                             R"({"DailyApiRequests": {"Max": -1, "Remaining": 3}})",
                             R"({"DailyApiRequests": {"Max": 1.5, "Remaining": 1}})",
                             R"({"DailyApiRequests": {"Max": "15000", "Remaining": 3}})",
                             R"({"DailyApiRequests": 15000})",
                             R"([])"}) {
        try {
            parse_org_limits(body);
            ADD_FAILURE() << "no error for " << body;
        } catch (const limits_format_error& e) {
            EXPECT_FALSE(e.not_json()) << body;
            EXPECT_NE(std::string(e.what()).find("DailyApiRequests"), std::string::npos)
                << e.what();
        }
    }
}

}  // namespace
}  // namespace sfc::salesforce
