#pragma once
// A failure that repeats (a login refused for hours, a source failing every retry) is told in
// full once; then "still failing since ..." lines that say how long and how often, and the
// reason again only when it changed.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sfc::app {

class failure_streak {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// The text to log for this failure: `reason` on the first; "still failing since
    /// 2026-12-07 16:20:01Z (3 tries)" on a repeat, with ": <reason>" when it differs.
    std::string failed(const std::string& reason, time_point now);
    /// After a success that ended a streak: "recovered after 3 failed tries since ...".
    std::optional<std::string> succeeded();
    bool failing() const { return tries_ > 0; }

private:
    std::uint64_t tries_ = 0;
    time_point since_{};
    std::string reason_;
};

}  // namespace sfc::app
