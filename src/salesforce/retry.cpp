#include "salesforce/retry.hpp"

#include "http/client.hpp"
#include "salesforce/duration_text.hpp"
#include "salesforce/errors.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sfc::salesforce {

retry_schedule::retry_schedule(const retry_settings& settings, std::uint64_t seed)
    : attempts_(std::max(1u, settings.attempts)), backoff_(settings.initial, settings.max, seed) {}

std::optional<std::chrono::milliseconds> retry_schedule::after_failure(
    std::optional<std::chrono::seconds> retry_after) {
    if (++failures_ >= attempts_) return std::nullopt;
    return backoff_.next_at_least(retry_after.value_or(std::chrono::seconds(0)));
}

std::string retry_warning(std::string_view origin,
                          std::string_view target,
                          std::string_view reason,
                          const retry_schedule& schedule,
                          std::chrono::milliseconds wait) {
    return fmt::format("{}: GET {}: {}; retry {} of {} in {}",
                       origin,
                       one_line(target.substr(0, target.find('?'))),
                       reason,
                       schedule.next_attempt(),
                       schedule.attempts(),
                       duration_text(wait));
}

std::string failure_reason(const api_error& e) {
    std::string reason = fmt::format("HTTP {} {}", e.status(), one_line(e.error_code(), 60));
    // Salesforce's codes say enough; ours for a garbled body needs what was wrong with it.
    if (e.error_code() == "MALFORMED_RESPONSE") reason += ": " + one_line(e.info().message, 120);
    return reason;
}

std::string failure_reason(const http::transport_error& e) {
    std::string_view text = e.what();
    const auto scheme = text.find("://");
    const auto peer_end = text.find(": ", scheme == std::string_view::npos ? 0 : scheme + 3);
    if (text.starts_with("http") && scheme != std::string_view::npos &&
        peer_end != std::string_view::npos) {
        text.remove_prefix(peer_end + 2);
    }
    return one_line(text);
}

}  // namespace sfc::salesforce
