// Reading a response: status classes, header lookup and Retry-After.
#include "http/status.hpp"

#include "http/client.hpp"
#include "http/date.hpp"
#include "http/text.hpp"

#include <array>
#include <charconv>

namespace sfc::http {
namespace {

std::optional<long long> parse_number(std::string_view s) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

std::optional<unsigned> parse_month(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < months.size(); ++i) {
        if (detail::iequals(name, months[i])) return i + 1;
    }
    return std::nullopt;
}

}  // namespace

// IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s) {
    s = detail::trim(s);
    if (s.size() != 29 || s[3] != ',' || s.substr(25) != " GMT") return std::nullopt;
    const auto day = parse_number(s.substr(5, 2));
    const auto month = parse_month(s.substr(8, 3));
    const auto year = parse_number(s.substr(12, 4));
    const auto hour = parse_number(s.substr(17, 2));
    const auto minute = parse_number(s.substr(20, 2));
    const auto second = parse_number(s.substr(23, 2));
    if (!day || !month || !year || !hour || !minute || !second || s[19] != ':' || s[22] != ':') {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*year)),
                                           std::chrono::month(*month),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(*second);
}

std::optional<std::string_view> response::header(std::string_view name) const {
    for (const auto& field : headers) {
        if (detail::iequals(field.name, name)) return std::string_view(field.value);
    }
    return std::nullopt;
}

status_class classify(unsigned status) {
    if (status >= 200 && status < 300) return status_class::ok;
    if (status == 401) return status_class::auth_expired;
    if (status == 403) return status_class::forbidden;
    if (status == 408 || status == 429 || (status >= 500 && status < 600)) {
        return status_class::retry;
    }
    return status_class::fatal;
}

// The date form is measured against the response's own Date header (the server's clock), so the
// answer does not depend on how far the local clock is off.
std::optional<std::chrono::seconds> retry_after(const response& r) {
    const auto value = r.header("Retry-After");
    if (!value) return std::nullopt;
    if (const auto delta = parse_number(detail::trim(*value))) {
        if (*delta < 0) return std::nullopt;
        return std::chrono::seconds(*delta);
    }
    const auto until = parse_http_date(*value);
    const auto date = r.header("Date");
    const auto now = date ? parse_http_date(*date) : std::nullopt;
    if (!until || !now) return std::nullopt;
    return std::max(std::chrono::seconds(0), *until - *now);
}

}  // namespace sfc::http
