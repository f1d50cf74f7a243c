#pragma once
// The clock step: this host's clock against the Date header of the token host's answer. A JWT
// assertion is valid for 3 minutes from this host's "now", checked against Salesforce's.

#include <chrono>
#include <optional>
#include <string_view>

#include "check/report.hpp"

namespace sfc::check {

/// Above this the clock gets a warning.
inline constexpr std::chrono::seconds clock_warning_skew{60};
/// The JWT's lifetime (exp = now + 180 s): a larger skew has the assertion refused.
inline constexpr std::chrono::seconds clock_failure_skew{180};

/// `date` is the answer's Date header (if any), `local` this host's time when it arrived, `peer`
/// the origin that answered. With `jwt`, a skew above clock_failure_skew fails (check_refused);
/// otherwise it is only a warning.
verdict judge_clock(std::optional<std::string_view> date,
                    std::chrono::system_clock::time_point local,
                    std::string_view peer,
                    bool jwt);

}  // namespace sfc::check
