#include "format/timestamp.hpp"

#include <fmt/format.h>

namespace sfc::format {
namespace {

// Reads `n` decimal digits at s[at]; false when they are not all digits or run past the end.
bool digits(std::string_view s, std::size_t at, std::size_t n, int& value) {
    if (at + n > s.size()) return false;
    value = 0;
    for (std::size_t k = at; k < at + n; ++k) {
        if (s[k] < '0' || s[k] > '9') return false;
        value = value * 10 + (s[k] - '0');
    }
    return true;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Reads the fraction after the seconds (if any) as milliseconds; `at` moves past it.
bool fraction_ms(std::string_view s, std::size_t& at, int& ms) {
    ms = 0;
    if (at >= s.size() || s[at] != '.') return true;
    std::size_t n = 0;
    for (++at; at < s.size() && is_digit(s[at]); ++at, ++n) {
        if (n < 3) ms = ms * 10 + (s[at] - '0');
    }
    if (n == 0 || n > 9) return false;
    for (; n < 3; ++n) ms *= 10;
    return true;
}

// The zone at s[at] to the end of s, as minutes east of UTC.
bool zone_minutes(std::string_view s, std::size_t at, int& minutes) {
    const std::string_view zone = s.substr(at);
    if (zone == "Z" || zone == "z") {
        minutes = 0;
        return true;
    }
    if (zone.size() != 6 && zone.size() != 5) return false;
    if (zone[0] != '+' && zone[0] != '-') return false;
    const bool colon = zone.size() == 6;
    if (colon && zone[3] != ':') return false;
    int hh = 0, mm = 0;
    if (!digits(zone, 1, 2, hh) || !digits(zone, colon ? 4 : 3, 2, mm)) return false;
    if (hh > 23 || mm > 59) return false;
    minutes = (zone[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0, zone = 0;
    if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' ||
        !digits(s, 17, 2, sec))
        return std::nullopt;
    std::size_t at = 19;
    if (!fraction_ms(s, at, ms) || !zone_minutes(s, at, zone)) return std::nullopt;
    const year_month_day date{
        year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    // Second 60 is a leap second (RFC 3339 allows it); it counts as the next minute's first.
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto t = sys_days(date) + hours(h) + minutes(mi - zone) + seconds(sec) + milliseconds(ms);
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

std::string rfc3339_ms(std::int64_t epoch_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds(epoch_ms)};
    const auto day_start = floor<days>(t);
    const year_month_day date{day_start};
    const int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999) return {};
    const hh_mm_ss time{t - day_start};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                       y,
                       static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()),
                       time.hours().count(),
                       time.minutes().count(),
                       time.seconds().count(),
                       time.subseconds().count());
}

std::int64_t to_epoch_ms(std::chrono::system_clock::time_point tp) {
    using namespace std::chrono;
    return floor<milliseconds>(tp).time_since_epoch().count();
}

}  // namespace sfc::format
