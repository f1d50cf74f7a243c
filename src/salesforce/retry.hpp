#pragma once
// Retries of one idempotent REST request: how many, how long between them (capped exponential
// backoff with full jitter, at least a peer's Retry-After), and the warning for each.

#include "async/backoff.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::http {
class transport_error;
}

namespace sfc::salesforce {

class api_error;

struct retry_settings {
    unsigned attempts = 4;  ///< in all, the first one included; 0 is taken as 1
    std::chrono::milliseconds initial{std::chrono::seconds(1)};
    std::chrono::milliseconds max{std::chrono::seconds(30)};
};

/// One request's failed attempts.
class retry_schedule {
public:
    retry_schedule(const retry_settings& settings, std::uint64_t seed);

    /// Counts a failed attempt. The wait before the next one (at least retry_after), or nullopt
    /// when the attempts are used up.
    std::optional<std::chrono::milliseconds> after_failure(
        std::optional<std::chrono::seconds> retry_after);
    /// The number of the attempt to come, from 1.
    unsigned next_attempt() const { return failures_ + 1; }
    unsigned attempts() const { return attempts_; }

private:
    unsigned attempts_;
    unsigned failures_ = 0;
    async::backoff backoff_;
};

/// "<origin>: GET <path>: <reason>; retry 2 of 4 in 3s", the path without its query string
/// (the SOQL).
std::string retry_warning(std::string_view origin,
                          std::string_view target,
                          std::string_view reason,
                          const retry_schedule& schedule,
                          std::chrono::milliseconds wait);

/// The reason in that line: "HTTP 503 SERVER_UNAVAILABLE".
std::string failure_reason(const api_error& e);
/// The transport error's text without its leading peer name, which the line gives already.
std::string failure_reason(const http::transport_error& e);

}  // namespace sfc::salesforce
