#include "salesforce/duration_text.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace sfc::salesforce {

std::string duration_text(std::chrono::milliseconds d) {
    const auto ms = d.count();
    constexpr std::int64_t second = 1000;
    constexpr std::int64_t minute = 60 * second;
    constexpr std::int64_t hour = 60 * minute;
    if (ms > 0 && ms % hour == 0) return fmt::format("{}h", ms / hour);
    if (ms > 0 && ms % minute == 0) return fmt::format("{}m", ms / minute);
    if (ms % second == 0) return fmt::format("{}s", ms / second);
    if (ms < second) return fmt::format("{}ms", ms);
    return fmt::format("{:.1f}s", static_cast<double>(ms) / second);
}

}  // namespace sfc::salesforce
