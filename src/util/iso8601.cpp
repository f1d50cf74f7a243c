#include "util/iso8601.hpp"

#include <chrono>

namespace sfc::util {
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

// Reads the fraction after the seconds (if any) as nanoseconds; `at` moves past it.
bool fraction_nanos(std::string_view s, std::size_t& at, std::int32_t& nanos) {
    nanos = 0;
    if (at >= s.size() || s[at] != '.') return true;
    std::size_t n = 0;
    for (++at; at < s.size() && s[at] >= '0' && s[at] <= '9'; ++at, ++n) {
        if (n < 9) nanos = nanos * 10 + (s[at] - '0');
    }
    if (n == 0 || n > 9) return false;
    for (; n < 9; ++n) nanos *= 10;
    return true;
}

// The zone from s[at] to the end of s, as minutes east of UTC.
bool zone_minutes(std::string_view s, std::size_t at, int& minutes) {
    const std::string_view zone = s.substr(at);
    if (zone == "Z") {
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

std::optional<iso_instant> parse_iso8601(std::string_view s) {
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, zone = 0;
    if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) ||
        s[7] != '-' || !digits(s, 8, 2, d) || s[10] != 'T' || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec))
        return std::nullopt;
    std::size_t at = 19;
    iso_instant out;
    if (!fraction_nanos(s, at, out.nanos) || !zone_minutes(s, at, zone)) return std::nullopt;
    const year_month_day date{
        year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    const auto t = sys_days(date) + hours(h) + minutes(mi - zone) + seconds(sec);
    out.seconds = duration_cast<seconds>(t.time_since_epoch()).count();
    return out;
}

}  // namespace sfc::util
