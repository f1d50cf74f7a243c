#include "salesforce/limit_info.hpp"

#include <gtest/gtest.h>

namespace sfc::salesforce {
namespace {

void expect_usage(std::string_view header, std::uint64_t used, std::uint64_t limit) {
    const auto usage = parse_limit_info(header);
    ASSERT_TRUE(usage.has_value()) << header;
    EXPECT_EQ(usage->used, used) << header;
    EXPECT_EQ(usage->limit, limit) << header;
}

TEST(parse_limit_info, reads_the_org_total) {
    expect_usage("api-usage=18/5000", 18, 5000);
    expect_usage("api-usage=10018/100000", 10018, 100000);
    expect_usage("  api-usage=0/15000  ", 0, 15000);
}

TEST(parse_limit_info, ignores_other_segments_in_any_order) {
    expect_usage("api-usage=18/5000; per-app-api-usage=17/250(appName=sample-connected-app)",
                 18, 5000);
    expect_usage("per-app-api-usage=17/250(appName=sfcollector); api-usage=135/5000", 135, 5000);
    expect_usage("api-bursts=1/750;api-usage=7/15000", 7, 15000);
}

TEST(parse_limit_info, rejects_what_it_cannot_read) {
    for (const char* header : {"",
                               "api-usage=",
                               "api-usage=18",
                               "api-usage=18/",
                               "api-usage=/5000",
                               "api-usage=a/b",
                               "api-usage=-1/5000",
                               "api-usage=18/5000x",
                               "api-usage=99999999999999999999/5000",
                               "per-app-api-usage=17/250(appName=x)",
                               "xapi-usage=18/5000"}) {
        EXPECT_FALSE(parse_limit_info(header).has_value()) << header;
    }
}

}  // namespace
}  // namespace sfc::salesforce
