#include "app/failure_streak.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace sfc::app {
namespace {

std::string utc(std::chrono::system_clock::time_point t) {
    return fmt::format("{:%Y-%m-%d %H:%M:%S}Z", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace

std::string failure_streak::failed(const std::string& reason, time_point now) {
    if (tries_++ == 0) {
        since_ = now;
        reason_ = reason;
        return reason;
    }
    std::string out = fmt::format("still failing since {} ({} tries)", utc(since_), tries_);
    if (reason != reason_) {
        out += ": " + reason;
        reason_ = reason;
    }
    return out;
}

std::optional<std::string> failure_streak::succeeded() {
    if (tries_ == 0) return std::nullopt;
    std::string out = fmt::format("recovered after {} failed {} since {}",
                                  tries_,
                                  tries_ == 1 ? "try" : "tries",
                                  utc(since_));
    tries_ = 0;
    reason_.clear();
    return out;
}

}  // namespace sfc::app
