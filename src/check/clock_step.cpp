#include "check/clock_step.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

namespace sfc::check {
namespace {

std::optional<int> number(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<unsigned> month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned i = 0; i < months.size(); ++i) {
        if (months[i] == name) return i + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed positions after the weekday's comma.
    const std::size_t comma = text.find(", ");
    if (comma == std::string_view::npos) return std::nullopt;
    text.remove_prefix(comma + 2);
    if (text.size() != 24 || text.substr(20) != " GMT" || text[2] != ' ' || text[6] != ' ' ||
        text[11] != ' ' || text[14] != ':' || text[17] != ':') {
        return std::nullopt;
    }
    const auto day = number(text.substr(0, 2));
    const auto month = month_number(text.substr(3, 3));
    const auto year = number(text.substr(7, 4));
    const auto hour = number(text.substr(12, 2));
    const auto minute = number(text.substr(15, 2));
    const auto second = number(text.substr(18, 2));
    if (!day || !month || !year || !hour || !minute || !second) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(*month),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(*second);
}

verdict judge_clock(std::optional<std::string_view> date,
                    std::chrono::system_clock::time_point local,
                    std::string_view peer,
                    bool jwt) {
    const auto server = date ? parse_http_date(*date) : std::nullopt;
    if (!server) {
        return warning(std::string(peer) +
                       " sent no readable Date header, so the clocks cannot be compared; make "
                       "sure this host's clock is synchronised (NTP)");
    }
    // The header has whole seconds: a difference of one is rounding, not skew.
    const auto skew = std::chrono::duration_cast<std::chrono::seconds>(*server - local);
    const auto size = skew < skew.zero() ? -skew : skew;
    const std::string how = std::to_string(size.count()) + " s " +
                            (skew < skew.zero() ? "ahead of " : "behind ") + std::string(peer) +
                            "'s";
    if (size <= clock_warning_skew) {
        return passed("this host's clock is within " +
                      std::to_string(std::max<long long>(size.count(), 1)) + " s of " +
                      std::string(peer) + "'s");
    }
    if (size <= clock_failure_skew || !jwt) {
        return warning("this host's clock is " + how +
                       "; synchronise it (NTP): JWT assertions are valid for 3 minutes and the "
                       "query windows use this clock");
    }
    return failed("this host's clock is " + how +
                      ": the JWT assertion, valid for 3 minutes from this host's time, would be "
                      "refused ('expired authorization code' when behind); synchronise the clock "
                      "(NTP)",
                  check_refused);
}

}  // namespace sfc::check
