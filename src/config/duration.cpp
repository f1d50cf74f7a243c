#include "config/duration.hpp"

#include <charconv>
#include <cstdint>
#include <string>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

constexpr std::int64_t max_seconds = std::int64_t{3650} * 24 * 3600;

constexpr std::string_view format_fix =
    "write a whole number followed by s, m, h or d (e.g. 30s, 5m, 1h, 7d), or a number of seconds";

std::int64_t unit_seconds(char unit) {
    switch (unit) {
        case 's':
            return 1;
        case 'm':
            return 60;
        case 'h':
            return 3600;
        case 'd':
            return 24 * 3600;
        default:
            return 0;
    }
}

}  // namespace

std::chrono::seconds parse_duration(std::string_view text) {
    std::int64_t multiplier = 1;
    if (!text.empty() && (text.back() < '0' || text.back() > '9')) {
        multiplier = unit_seconds(text.back());
        if (multiplier == 0) throw value_error("not a duration", std::string(format_fix));
        text.remove_suffix(1);
    }
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        throw value_error("not a duration", std::string(format_fix));
    }
    std::int64_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec == std::errc::result_out_of_range || (ec == std::errc{} && count > max_seconds)) {
        throw value_error("duration is too long", "use at most 3650d");
    }
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw value_error("not a duration", std::string(format_fix));
    }
    if (count > max_seconds / multiplier) {
        throw value_error("duration is too long", "use at most 3650d");
    }
    return std::chrono::seconds(count * multiplier);
}

}  // namespace sfc::config
