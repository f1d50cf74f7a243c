#include "config/duration.hpp"

#include <charconv>
#include <cstdint>
#include <string>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

constexpr std::int64_t max_ms = std::int64_t{3650} * 24 * 3600 * 1000;

constexpr std::string_view seconds_fix =
    "write a whole number followed by s, m, h or d (e.g. 30s, 5m, 1h, 7d), or a number of seconds";
constexpr std::string_view ms_fix =
    "write a whole number followed by ms, s, m, h or d (e.g. 500ms, 30s, 5m), or a number of "
    "seconds";

std::int64_t unit_ms(char unit) {
    switch (unit) {
        case 's':
            return 1000;
        case 'm':
            return 60 * 1000;
        case 'h':
            return 3600 * 1000;
        case 'd':
            return 24 * 3600 * 1000;
        default:
            return 0;
    }
}

/// The duration in milliseconds; `allow_ms` admits the "ms" unit.
std::int64_t parse_ms(std::string_view text, bool allow_ms) {
    const std::string fix(allow_ms ? ms_fix : seconds_fix);
    std::int64_t multiplier = 1000;  // a bare number counts seconds
    if (allow_ms && text.ends_with("ms")) {
        multiplier = 1;
        text.remove_suffix(2);
    } else if (!text.empty() && (text.back() < '0' || text.back() > '9')) {
        multiplier = unit_ms(text.back());
        if (multiplier == 0) throw value_error("not a duration", fix);
        text.remove_suffix(1);
    }
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        throw value_error("not a duration", fix);
    }
    std::int64_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec == std::errc::result_out_of_range) {
        throw value_error("duration is too long", "use at most 3650d");
    }
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw value_error("not a duration", fix);
    }
    // Divide rather than multiply, so the check itself cannot overflow.
    if (count > max_ms / multiplier) {
        throw value_error("duration is too long", "use at most 3650d");
    }
    return count * multiplier;
}

}  // namespace

std::chrono::seconds parse_duration(std::string_view text) {
    return std::chrono::seconds(parse_ms(text, false) / 1000);
}

std::chrono::milliseconds parse_duration_ms(std::string_view text) {
    return std::chrono::milliseconds(parse_ms(text, true));
}

std::chrono::seconds parse_settle(std::string_view text) {
    auto value = parse_duration(text);
    if (value > std::chrono::hours(24)) {
        throw value_error("longer than a day",
                          "use a few minutes, e.g. 5m: records newer than this wait for a later "
                          "pass");
    }
    return value;
}

}  // namespace sfc::config
