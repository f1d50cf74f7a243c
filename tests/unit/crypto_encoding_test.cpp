// base64url as JWTs use it (no padding, canonical), SHA-256 and hex against known vectors.

#include <gtest/gtest.h>

#include <string>

#include "crypto/encoding.hpp"

namespace sfc::crypto {
namespace {

TEST(base64url, encodes_rfc4648_vectors_without_padding) {
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_encode("f"), "Zg");
    EXPECT_EQ(base64url_encode("fo"), "Zm8");
    EXPECT_EQ(base64url_encode("foo"), "Zm9v");
    EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
    EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(base64url, uses_the_url_alphabet) {
    EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
    EXPECT_EQ(base64url_decode("-_-_"), std::string("\xfb\xff\xbf"));
}

TEST(base64url, round_trips_every_byte_value_at_every_length) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
    for (std::size_t length = 0; length <= bytes.size(); length += 1) {
        const auto part = bytes.substr(bytes.size() - length);
        EXPECT_EQ(base64url_decode(base64url_encode(part)), part) << "length " << length;
    }
}

TEST(base64url, decode_rejects_what_is_not_unpadded_base64url) {
    EXPECT_FALSE(base64url_decode("Zg=="));   // padding
    EXPECT_FALSE(base64url_decode("+/+/"));   // standard alphabet
    EXPECT_FALSE(base64url_decode("Zm9vY"));  // impossible length
    EXPECT_FALSE(base64url_decode("Zh"));     // non-zero leftover bits
    EXPECT_FALSE(base64url_decode("Zm 9v"));
    EXPECT_EQ(base64url_decode(""), std::string());
}

TEST(sha256, matches_fips_180_vectors) {
    EXPECT_EQ(hex(sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(hex, is_lower_case_two_digits_per_byte) {
    EXPECT_EQ(hex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
    EXPECT_EQ(hex(""), "");
}

}  // namespace
}  // namespace sfc::crypto
