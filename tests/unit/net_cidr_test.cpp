// "address/bits", split the one way the config check and the NO_PROXY matcher share.
#include "net/cidr.hpp"

#include <gtest/gtest.h>

namespace sfc::net {
namespace {

TEST(net_cidr, splits_address_and_bits) {
    const auto v4 = split_cidr("10.0.0.0/8");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->address, "10.0.0.0");
    EXPECT_EQ(v4->bits, 8u);
    const auto v6 = split_cidr("fd00::/128");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->address, "fd00::");
    EXPECT_EQ(v6->bits, 128u);
}

TEST(net_cidr, leaves_the_address_and_the_range_of_bits_to_the_caller) {
    const auto odd = split_cidr("bad/40");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->address, "bad");
    EXPECT_EQ(odd->bits, 40u);
}

TEST(net_cidr, refuses_missing_or_non_decimal_bits) {
    EXPECT_FALSE(split_cidr("10.0.0.0"));
    EXPECT_FALSE(split_cidr("10.0.0.0/"));
    EXPECT_FALSE(split_cidr("10.0.0.0/x"));
    EXPECT_FALSE(split_cidr("10.0.0.0/-1"));
    EXPECT_FALSE(split_cidr("10.0.0.0/8/9"));
    EXPECT_FALSE(split_cidr("10.0.0.0/99999999999"));
}

}  // namespace
}  // namespace sfc::net
