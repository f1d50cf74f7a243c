#include "format/timestamp.hpp"

#include "util/iso8601.hpp"

namespace sfc::format {

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
    const auto instant = util::parse_iso8601(s);
    if (!instant) return std::nullopt;
    return instant->epoch_ms();
}

std::string rfc3339_ms(std::int64_t epoch_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds(epoch_ms)};
    const auto day_start = floor<days>(t);
    const year_month_day date{day_start};
    const int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999) return {};
    const hh_mm_ss time{t - day_start};
    // By hand rather than with fmt: every syslog, LEEF and CEF line writes one.
    char text[] = "0000-00-00T00:00:00.000Z";
    const auto put = [&](std::size_t at, std::size_t digits, long long value) {
        for (std::size_t k = digits; k-- > 0; value /= 10) text[at + k] = char('0' + value % 10);
    };
    put(0, 4, y);
    put(5, 2, static_cast<unsigned>(date.month()));
    put(8, 2, static_cast<unsigned>(date.day()));
    put(11, 2, time.hours().count());
    put(14, 2, time.minutes().count());
    put(17, 2, time.seconds().count());
    put(20, 3, time.subseconds().count());
    return std::string(text, sizeof text - 1);
}

std::int64_t to_epoch_ms(std::chrono::system_clock::time_point tp) {
    using namespace std::chrono;
    return floor<milliseconds>(tp).time_since_epoch().count();
}

}  // namespace sfc::format
