#include <gtest/gtest.h>

#include "util/stable_id.hpp"

namespace sfc::util {
namespace {

TEST(stable_event_id, is_the_truncated_sha256_of_the_joined_parts) {
    // python3: hashlib.sha256(b'00D5j00000DgAYGEA0\x1f0ATD000000001bROAQ\x1f1').hexdigest()[:32]
    EXPECT_EQ(stable_event_id({"00D5j00000DgAYGEA0", "0ATD000000001bROAQ", "1"}),
              "54a5dde9a73d6e8f02543295a6da2f89");
    EXPECT_EQ(stable_event_id({}), "e3b0c44298fc1c149afbf4c8996fb924");
}

TEST(stable_event_id, separator_keeps_part_boundaries) {
    EXPECT_NE(stable_event_id({"ab", "c"}), stable_event_id({"a", "bc"}));
    EXPECT_NE(stable_event_id({"abc"}), stable_event_id({"abc", ""}));
}

}  // namespace
}  // namespace sfc::util
