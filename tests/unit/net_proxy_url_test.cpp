// The proxy URL pieces both the config checks and the http client read: the split at the last
// '@', the password mask, and %-decoding.
#include "net/proxy_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sfc::net {
namespace {

using ::testing::Optional;

TEST(net_proxy_url_split, all_pieces) {
    const auto parts = split_proxy_url("http://alice:s3cret@proxy.example.com:3128/");
    EXPECT_THAT(parts.scheme, Optional(std::string_view("http")));
    EXPECT_THAT(parts.user_info, Optional(std::string_view("alice:s3cret")));
    EXPECT_EQ(parts.authority, "proxy.example.com:3128");
    EXPECT_EQ(parts.tail, "/");
}

TEST(net_proxy_url_split, password_with_at_and_slash_stays_in_the_user_info) {
    const auto parts = split_proxy_url("http://bob:p@ss/w?r#d@proxy:3128");
    EXPECT_THAT(parts.user_info, Optional(std::string_view("bob:p@ss/w?r#d")));
    EXPECT_EQ(parts.authority, "proxy:3128");
    EXPECT_EQ(parts.tail, "");
}

TEST(net_proxy_url_split, no_scheme_and_no_user_info) {
    const auto parts = split_proxy_url("10.1.2.3:8080");
    EXPECT_EQ(parts.scheme, std::nullopt);
    EXPECT_EQ(parts.user_info, std::nullopt);
    EXPECT_EQ(parts.authority, "10.1.2.3:8080");
    EXPECT_EQ(parts.tail, "");
}

TEST(net_proxy_url_split, empty_scheme_and_empty_user_info_are_told) {
    // Present but empty is not the same as left out: the config refuses "://", http allows it.
    const auto parts = split_proxy_url("://@proxy");
    EXPECT_THAT(parts.scheme, Optional(std::string_view("")));
    EXPECT_THAT(parts.user_info, Optional(std::string_view("")));
    EXPECT_EQ(parts.authority, "proxy");
}

TEST(net_proxy_url_split, ipv6_authority_keeps_its_brackets_and_colons) {
    const auto parts = split_proxy_url("http://u@[fd00::1]:3128");
    EXPECT_THAT(parts.user_info, Optional(std::string_view("u")));
    EXPECT_EQ(parts.authority, "[fd00::1]:3128");
    EXPECT_EQ(parts.tail, "");
}

TEST(net_proxy_url_split, tail_starts_at_the_first_slash_query_or_fragment) {
    EXPECT_EQ(split_proxy_url("http://proxy:3128/path?q#f").tail, "/path?q#f");
    EXPECT_EQ(split_proxy_url("http://proxy?q").tail, "?q");
    EXPECT_EQ(split_proxy_url("http://proxy#f").authority, "proxy");
    EXPECT_EQ(split_proxy_url("HTTPS://proxy").scheme, std::optional<std::string_view>("HTTPS"));
}

TEST(net_proxy_url_mask, password_is_replaced_and_the_rest_kept_as_written) {
    EXPECT_EQ(mask_password("http://alice:s3cret@Proxy:3128/x"), "http://alice:****@Proxy:3128/x");
    EXPECT_EQ(mask_password("user:p@ss@proxy"), "user:****@proxy");
    EXPECT_EQ(mask_password("http://bob:a:b/c@proxy"), "http://bob:****@proxy");
    EXPECT_EQ(mask_password("http://bob:@proxy"), "http://bob:****@proxy");
}

TEST(net_proxy_url_mask, urls_without_a_password_are_left_alone) {
    EXPECT_EQ(mask_password("http://proxy:3128"), "http://proxy:3128");
    EXPECT_EQ(mask_password("http://user@proxy:3128"), "http://user@proxy:3128");
    EXPECT_EQ(mask_password(""), "");
}

TEST(net_percent_decode, valid_escapes_in_either_case) {
    EXPECT_THAT(percent_decode("p%40ss%3aw%2Frd%25"), Optional(std::string("p@ss:w/rd%")));
    EXPECT_THAT(percent_decode("dom%5Cbob"), Optional(std::string("dom\\bob")));
    EXPECT_THAT(percent_decode("plain"), Optional(std::string("plain")));
    EXPECT_THAT(percent_decode(""), Optional(std::string("")));
}

TEST(net_percent_decode, malformed_escapes_are_refused) {
    EXPECT_EQ(percent_decode("50%zz"), std::nullopt);
    EXPECT_EQ(percent_decode("%g0"), std::nullopt);
    EXPECT_EQ(percent_decode("%0g"), std::nullopt);
}

TEST(net_percent_decode, trailing_percent_is_refused) {
    EXPECT_EQ(percent_decode("abc%"), std::nullopt);
    EXPECT_EQ(percent_decode("abc%4"), std::nullopt);
    EXPECT_EQ(percent_decode("%"), std::nullopt);
}

}  // namespace
}  // namespace sfc::net
