#include "async/backoff.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using sfc::async::backoff;

TEST(backoff, stays_within_the_doubling_ceiling_and_the_cap) {
    backoff b(100ms, 1600ms, 42);
    const std::chrono::milliseconds ceilings[] = {100ms, 200ms, 400ms, 800ms, 1600ms, 1600ms};
    for (int round = 0; round < 200; ++round) {
        b.reset();
        for (auto ceiling : ceilings) {
            const auto d = b.next();
            EXPECT_GE(d, 1ms);
            EXPECT_LE(d, ceiling);
        }
    }
}

TEST(backoff, full_jitter_spreads_the_waits) {
    backoff b(1000ms, 1000ms, 7);
    std::chrono::milliseconds lo = 1000ms, hi = 0ms;
    for (int i = 0; i < 500; ++i) {
        const auto d = b.next();
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    EXPECT_LT(lo, 200ms);
    EXPECT_GT(hi, 800ms);
}

TEST(backoff, honours_a_floor_such_as_retry_after) {
    backoff b(10ms, 20ms, 1);
    EXPECT_GE(b.next_at_least(5s), 5s);
}

TEST(backoff, counts_failures_and_resets) {
    backoff b(10ms, 1s, 1);
    b.next();
    b.next();
    EXPECT_EQ(b.failures(), 2u);
    b.reset();
    EXPECT_EQ(b.failures(), 0u);
    EXPECT_LE(b.next(), 10ms);
}

TEST(backoff, does_not_overflow_after_many_failures) {
    backoff b(1000ms, 60s, 3);
    for (int i = 0; i < 1000; ++i) {
        const auto d = b.next();
        ASSERT_GE(d, 1ms);
        ASSERT_LE(d, 60s);
    }
}
