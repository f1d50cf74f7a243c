#include "format/timestamp.hpp"

#include <fmt/format.h>

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
