#pragma once
// Capped exponential backoff with full jitter: attempt n waits uniform(0, min(cap, base * 2^n)),
// so many collectors retrying against one recovering peer spread out instead of stampeding.

#include <chrono>
#include <cstdint>
#include <random>

namespace sfc::async {

class backoff {
public:
    backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed);

    /// The wait before the next attempt; each call counts one more failure.
    std::chrono::milliseconds next();
    /// The wait before the next attempt, but at least `floor` (a peer's Retry-After).
    std::chrono::milliseconds next_at_least(std::chrono::milliseconds floor);
    void reset() { failures_ = 0; }
    unsigned failures() const { return failures_; }

private:
    std::chrono::milliseconds base_;
    std::chrono::milliseconds cap_;
    unsigned failures_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace sfc::async
