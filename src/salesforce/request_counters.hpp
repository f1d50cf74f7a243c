#pragma once
// What one org's REST client has done, for the metrics: plain counts, read when scraped.

#include <array>
#include <cstdint>

namespace sfc::salesforce {

struct request_counters {
    /// Responses by status class: [1] 1xx ... [5] 5xx; [0] requests that got no response.
    std::array<std::uint64_t, 6> by_class{};
    std::uint64_t retries = 0;           ///< waits before another attempt
    std::uint64_t bytes_downloaded = 0;  ///< LogFile bytes, inflated
    std::uint64_t token_renewals = 0;    ///< a 401 made the token be fetched again
};

}  // namespace sfc::salesforce
