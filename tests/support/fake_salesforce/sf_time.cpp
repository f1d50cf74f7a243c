#include "fake_salesforce/sf_time.hpp"

#include <cstdio>

namespace sfc::test::fake_sf {
namespace {

using namespace std::chrono;

struct civil {
    int year;
    unsigned month, day, hour, minute, second, milli;
};

civil to_civil(time_point t) {
    const std::int64_t ms = to_ms(t);
    const auto day_start = floor<days>(sys_time<milliseconds>(milliseconds(ms)));
    const year_month_day ymd{day_start};
    const std::int64_t in_day =
        ms - duration_cast<milliseconds>(day_start.time_since_epoch()).count();
    return {int(ymd.year()),
            unsigned(ymd.month()),
            unsigned(ymd.day()),
            unsigned(in_day / 3'600'000),
            unsigned(in_day / 60'000 % 60),
            unsigned(in_day / 1000 % 60),
            unsigned(in_day % 1000)};
}

// Reads exactly n digits at text[pos...]; advances pos.
std::optional<int> digits(std::string_view text, std::size_t& pos, std::size_t n) {
    if (pos + n > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

// The zone suffix in minutes east of UTC.
std::optional<int> parse_offset(std::string_view text, std::size_t& pos) {
    if (expect(text, pos, 'Z')) return 0;
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
    const int sign = text[pos++] == '-' ? -1 : 1;
    const auto hours = digits(text, pos, 2);
    if (!hours) return std::nullopt;
    expect(text, pos, ':');
    const auto minutes = digits(text, pos, 2);
    if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    return sign * (*hours * 60 + *minutes);
}

}  // namespace

std::int64_t to_ms(time_point t) {
    return duration_cast<milliseconds>(t.time_since_epoch()).count();
}

time_point from_ms(std::int64_t ms) {
    return time_point(duration_cast<system_clock::duration>(milliseconds(ms)));
}

std::string format_record_datetime(time_point t) {
    const civil c = to_civil(t);
    char buf[40];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02u-%02uT%02u:%02u:%02u.%03u+0000",
                  c.year,
                  c.month,
                  c.day,
                  c.hour,
                  c.minute,
                  c.second,
                  c.milli);
    return buf;
}

std::string format_http_date(time_point t) {
    static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const civil c = to_civil(t);
    const weekday wd{floor<days>(t)};
    char buf[40];
    std::snprintf(buf,
                  sizeof buf,
                  "%s, %02u %s %04d %02u:%02u:%02u GMT",
                  weekdays[wd.c_encoding()],
                  c.day,
                  months[c.month - 1],
                  c.year,
                  c.hour,
                  c.minute,
                  c.second);
    return buf;
}

void append_csv_timestamp(std::string& out, time_point t) {
    const civil c = to_civil(t);
    char buf[40];
    const int n = std::snprintf(buf,
                                sizeof buf,
                                "%04d%02u%02u%02u%02u%02u.%03u",
                                c.year,
                                c.month,
                                c.day,
                                c.hour,
                                c.minute,
                                c.second,
                                c.milli);
    out.append(buf, std::size_t(n));
}

void append_iso_z(std::string& out, time_point t) {
    const civil c = to_civil(t);
    char buf[40];
    const int n = std::snprintf(buf,
                                sizeof buf,
                                "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ",
                                c.year,
                                c.month,
                                c.day,
                                c.hour,
                                c.minute,
                                c.second,
                                c.milli);
    out.append(buf, std::size_t(n));
}

std::optional<time_point> parse_soql_datetime(std::string_view text) {
    std::size_t pos = 0;
    const auto y = digits(text, pos, 4);
    if (!y || !expect(text, pos, '-')) return std::nullopt;
    const auto mo = digits(text, pos, 2);
    if (!mo || !expect(text, pos, '-')) return std::nullopt;
    const auto d = digits(text, pos, 2);
    if (!d) return std::nullopt;
    const year_month_day ymd{year(*y), month(unsigned(*mo)), day(unsigned(*d))};
    if (!ymd.ok()) return std::nullopt;
    std::int64_t ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
    if (pos == text.size()) return from_ms(ms);  // a date literal
    if (!expect(text, pos, 'T')) return std::nullopt;
    const auto h = digits(text, pos, 2);
    if (!h || !expect(text, pos, ':')) return std::nullopt;
    const auto mi = digits(text, pos, 2);
    if (!mi || !expect(text, pos, ':')) return std::nullopt;
    const auto s = digits(text, pos, 2);
    if (!s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
    ms += (std::int64_t(*h) * 3600 + *mi * 60 + *s) * 1000;
    if (expect(text, pos, '.')) {
        // Any number of fraction digits; keep milliseconds.
        std::int64_t scale = 100;
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            ms += (text[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    const auto offset = parse_offset(text, pos);
    if (!offset || pos != text.size()) return std::nullopt;
    return from_ms(ms - std::int64_t(*offset) * 60'000);
}

}  // namespace sfc::test::fake_sf
