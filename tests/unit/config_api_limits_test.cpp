// salesforce.max_api_share, max_concurrent_requests and limits_check_interval: defaults, the
// forms accepted and the ranges refused.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using namespace test_support;

salesforce_config with(std::string_view extra) {
    return only_org(load_text(salesforce_block + std::string(extra))).salesforce;
}

TEST(config_api_limits, defaults_are_the_struct_defaults) {
    auto sf = with("");
    const salesforce_config defaults;
    EXPECT_DOUBLE_EQ(sf.max_api_share, defaults.max_api_share);
    EXPECT_EQ(sf.max_concurrent_requests, defaults.max_concurrent_requests);
    EXPECT_EQ(sf.limits_check_interval, defaults.limits_check_interval);
    EXPECT_DOUBLE_EQ(defaults.max_api_share, 0.5);
    EXPECT_EQ(defaults.max_concurrent_requests, 4u);
    EXPECT_EQ(defaults.limits_check_interval, 5min);
}

TEST(config_api_limits, share_as_a_fraction_or_a_percentage) {
    EXPECT_DOUBLE_EQ(with("  max_api_share: 0.25\n").max_api_share, 0.25);
    EXPECT_DOUBLE_EQ(with("  max_api_share: 1\n").max_api_share, 1.0);
    EXPECT_DOUBLE_EQ(with("  max_api_share: 50%\n").max_api_share, 0.5);
    EXPECT_DOUBLE_EQ(with("  max_api_share: 12.5 %\n").max_api_share, 0.125);
}

TEST(config_api_limits, share_out_of_range_is_refused) {
    for (std::string value : {"0", "1.5", "50", "0%", "150%", "-0.1", "nan", "half"}) {
        auto message = error_text(salesforce_block + "  max_api_share: " + value + "\n");
        EXPECT_THAT(message, StartsWith(at(7, "salesforce.max_api_share"))) << value;
        EXPECT_THAT(message, AllOf(HasSubstr("e.g. 0.5"), HasSubstr("50%"))) << value;
    }
}

TEST(config_api_limits, concurrency_from_1_to_64) {
    EXPECT_EQ(with("  max_concurrent_requests: 1\n").max_concurrent_requests, 1u);
    EXPECT_EQ(with("  max_concurrent_requests: 64\n").max_concurrent_requests, 64u);
    for (std::string value : {"0", "65", "four"}) {
        auto message = error_text(salesforce_block + "  max_concurrent_requests: " + value + "\n");
        EXPECT_THAT(message, StartsWith(at(7, "salesforce.max_concurrent_requests"))) << value;
    }
    EXPECT_THAT(error_text(salesforce_block + "  max_concurrent_requests: 65\n"),
                AllOf(HasSubstr("1 to 64"), HasSubstr("25 long-running requests")));
}

TEST(config_api_limits, limits_check_interval_is_at_least_1s) {
    EXPECT_EQ(with("  limits_check_interval: 1s\n").limits_check_interval, 1s);
    EXPECT_EQ(with("  limits_check_interval: 1h\n").limits_check_interval, 1h);
    auto message = error_text(salesforce_block + "  limits_check_interval: 0s\n");
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.limits_check_interval")));
    EXPECT_THAT(message, AllOf(HasSubstr("shorter than 1s"), HasSubstr("API request")));
    EXPECT_THAT(error_text(salesforce_block + "  limits_check_interval: soon\n"),
                HasSubstr("not a duration"));
}

}  // namespace
}  // namespace sfc::config
