#include <gtest/gtest.h>

#include "util/stable_id.hpp"

namespace sfc::util {
namespace {

TEST(stable_id_hasher, hashes_length_prefixed_parts) {
    stable_id_hasher h;
    EXPECT_EQ(h.finish(), "e3b0c44298fc1c149afbf4c8996fb924") << "SHA-256 of nothing";
    // python3: e=lambda s: bytes([len(s)])+s  (LEB128 of a length under 128 is one byte)
    //          hashlib.sha256(e(b'a\x1fb')+e(b'')).hexdigest()[:32]
    h.add("a\037b");  // \037: the unit separator
    h.add("");
    EXPECT_EQ(h.finish(), "59ca2b78ceea4f451138edc3032b2f4b");
}

TEST(stable_id_hasher, long_parts_take_several_length_bytes) {
    stable_id_hasher h;
    h.add(std::string(200, 'x'));  // 200 = 0xC8 0x01
    // python3: hashlib.sha256(b'\xc8\x01' + b'x' * 200).hexdigest()[:32]
    EXPECT_EQ(h.finish(), "948cdefb43779b0b015ecba112d64d8b");
    std::string encoded;
    stable_id_hasher::encode(encoded, std::string(300, 'y'));
    EXPECT_EQ(encoded.substr(0, 2), "\xAC\x02");
}

TEST(stable_id_hasher, no_content_shifts_a_boundary) {
    // With a plain separator these pairs would collide; length prefixes keep them apart.
    stable_id_hasher h;
    h.add("a\037b");  // \037: the unit separator
    const std::string one = h.finish();
    h.add("a");
    h.add("b");
    EXPECT_NE(one, h.finish());
    h.add("ab");
    h.add("");
    const std::string two = h.finish();
    h.add("");
    h.add("ab");
    EXPECT_NE(two, h.finish());
}

TEST(stable_id_hasher, encoded_parts_and_reuse_give_the_same_ids) {
    stable_id_hasher h;
    h.add("org");
    h.add("cell");
    const std::string direct = h.finish();
    std::string prefix;
    stable_id_hasher::encode(prefix, "org");
    h.add_encoded(prefix);
    h.add("cell");
    EXPECT_EQ(h.finish(), direct);
    stable_id_hasher moved = std::move(h);
    moved.add("org");
    moved.add("cell");
    EXPECT_EQ(moved.finish(), direct);
}

}  // namespace
}  // namespace sfc::util
