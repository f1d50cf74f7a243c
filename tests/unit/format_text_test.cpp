#include <gtest/gtest.h>

#include <string>

#include "format/text.hpp"
#include "format/timestamp.hpp"

namespace sfc::format {
namespace {

TEST(utf8, valid_and_invalid_sequences) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x92"));
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\x80"));              // stray continuation
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // cut short
}

TEST(utf8, repair_replaces_each_bad_byte) {
    std::string out;
    append_utf8_repaired(out, "a\xFF\xE2\x82z\xC3\xA9");
    EXPECT_EQ(out, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz\xC3\xA9");
}

TEST(utf8, truncate_never_splits_a_character) {
    const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x92";  // a é € 🔒
    EXPECT_EQ(truncate_chars(s, 0), "");
    EXPECT_EQ(truncate_chars(s, 1), "a");
    EXPECT_EQ(truncate_chars(s, 2), "a\xC3\xA9");
    EXPECT_EQ(truncate_chars(s, 3), "a\xC3\xA9\xE2\x82\xAC");
    EXPECT_EQ(truncate_chars(s, 4), s);
    EXPECT_EQ(truncate_chars(s, 99), s);
    EXPECT_EQ(truncate_chars("\xFF\xFFx", 2), "\xFF\xFF");
}

TEST(header_token, printable_ascii_only_and_limited) {
    EXPECT_EQ(header_token("", 10), "-");
    EXPECT_EQ(header_token("host.example", 255), "host.example");
    EXPECT_EQ(header_token("a b\x7F\x01\xC3\xA9\xFF", 255), "a_b____");  // é is one
    EXPECT_EQ(header_token("\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC", 2), "__");
}

TEST(iso8601, accepted_forms) {
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T05:48:31.655Z"), 1702878511655);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T05:48:31Z"), 1702878511000);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T05:48:31.6Z"), 1702878511600);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T05:48:31.655999999Z"), 1702878511655);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T05:48:31.655+0000"), 1702878511655);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T07:48:31.655+02:00"), 1702878511655);
    EXPECT_EQ(parse_iso8601_ms("2023-12-18T00:18:31.655-05:30"), 1702878511655);
    EXPECT_EQ(parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(parse_iso8601_ms("2016-12-31T23:59:60Z"), 1483228800000);  // leap second
}

TEST(iso8601, rejected_forms) {
    for (const char* s : {"",
                          "2023-12-18",
                          "2023-12-18T05:48:31",
                          "2023-12-18 05:48:31Z",
                          "2023-02-30T00:00:00Z",
                          "2023-13-01T00:00:00Z",
                          "2023-12-18T24:00:00Z",
                          "2023-12-18T05:48:31.Z",
                          "2023-12-18T05:48:31.1234567890Z",
                          "2023-12-18T05:48:31+2400",
                          "2023-12-18T05:48:31Zjunk",
                          "20231218054831.655",
                          "2023-12-18T05:48:31.655+00"}) {
        EXPECT_EQ(parse_iso8601_ms(s), std::nullopt) << s;
    }
}

TEST(rfc3339, renders_utc_with_milliseconds) {
    EXPECT_EQ(rfc3339_ms(1702878511655), "2023-12-18T05:48:31.655Z");
    EXPECT_EQ(rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(rfc3339_ms(253402300799999), "9999-12-31T23:59:59.999Z");
    EXPECT_EQ(rfc3339_ms(253402300800000), "");  // year 10000
}

}  // namespace
}  // namespace sfc::format
