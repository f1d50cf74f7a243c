#include "async/backoff.hpp"

#include <algorithm>

namespace sfc::async {

backoff::backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint64_t seed)
    : base_(base), cap_(std::max(cap, base)), rng_(seed) {}

std::chrono::milliseconds backoff::next() {
    // Doubling stops well before overflow: 2^20 * base is far past any sensible cap.
    const unsigned shift = std::min(failures_, 20u);
    ++failures_;
    const auto ceiling = std::min<std::int64_t>(cap_.count(), base_.count() << shift);
    // Full jitter, but never less than a millisecond so a retry loop always yields.
    std::uniform_int_distribution<std::int64_t> pick(1, std::max<std::int64_t>(1, ceiling));
    return std::chrono::milliseconds(pick(rng_));
}

std::chrono::milliseconds backoff::next_at_least(std::chrono::milliseconds floor) {
    return std::max(next(), floor);
}

}  // namespace sfc::async
