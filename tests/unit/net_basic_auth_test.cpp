// HTTP Basic credentials: RFC 7617's example and every padding length of base64.

#include "net/basic_auth.hpp"

#include <gtest/gtest.h>

namespace sfc::net {
namespace {

TEST(net_basic_auth, encodes_the_rfc_7617_example) {
    EXPECT_EQ(basic_authorization("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST(net_basic_auth, pads_each_remainder_of_three) {
    EXPECT_EQ(basic_authorization("", ""), "Basic Og==");    // ":"
    EXPECT_EQ(basic_authorization("a", ""), "Basic YTo=");   // "a:"
    EXPECT_EQ(basic_authorization("ab", ""), "Basic YWI6");  // "ab:"
    EXPECT_EQ(basic_authorization("bob", "p@ss:w/rd%"), "Basic Ym9iOnBAc3M6dy9yZCU=");
}

TEST(net_basic_auth, keeps_bytes_above_ascii) {
    // "\xff\xfe:" -> bytes ff fe 3a
    EXPECT_EQ(basic_authorization("\xff\xfe", ""), "Basic //46");
}

}  // namespace
}  // namespace sfc::net
