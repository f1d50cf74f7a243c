#include <gtest/gtest.h>

#include <string>

#include "format/framing.hpp"

namespace sfc::format {
namespace {

TEST(frame_octet_counting, length_then_space_then_message) {
    EXPECT_EQ(frame_octet_counting("<13>1 - - - - - -"), "17 <13>1 - - - - - -");
    EXPECT_EQ(frame_octet_counting("x"), "1 x");
}

TEST(frame_octet_counting, counts_octets_not_characters) {
    const std::string msg = "\xEF\xBB\xBF\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x92";  // BOM é € 🔒
    EXPECT_EQ(msg.size(), 12u);
    EXPECT_EQ(frame_octet_counting(msg), "12 " + msg);
}

TEST(frame_octet_counting, carries_line_feeds_and_nuls) {
    const std::string msg("a\nb\0c", 5);
    EXPECT_EQ(frame_octet_counting(msg), "5 " + msg);
}

TEST(frame_octet_counting, long_messages_have_multi_digit_lengths) {
    const std::string msg(12345, 'x');
    const std::string frame = frame_octet_counting(msg);
    EXPECT_EQ(frame.substr(0, 6), "12345 ");
    EXPECT_EQ(frame.size(), 6u + msg.size());
}

TEST(frame_octet_counting, empty_message_has_no_frame) {
    EXPECT_EQ(frame_octet_counting(""), "");
}

TEST(frame_lf, appends_one_line_feed) {
    EXPECT_EQ(frame_lf("<13>1 - - - - - - hi\r"), "<13>1 - - - - - - hi\r\n");
}

TEST(frame_lf, refuses_an_embedded_line_feed) {
    EXPECT_EQ(frame_lf("a\nb"), std::nullopt);
    EXPECT_EQ(frame_lf("trailing\n"), std::nullopt);
}

}  // namespace
}  // namespace sfc::format
