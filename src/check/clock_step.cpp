#include "check/clock_step.hpp"

#include "http/date.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>

namespace sfc::check {

verdict judge_clock(std::optional<std::string_view> date,
                    std::chrono::system_clock::time_point local,
                    std::string_view peer,
                    bool jwt) {
    const auto server = date ? http::parse_http_date(*date) : std::nullopt;
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
