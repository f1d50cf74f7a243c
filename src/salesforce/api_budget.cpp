#include "salesforce/api_budget.hpp"

#include "async/stop_signal.hpp"
#include "salesforce/duration_text.hpp"
#include "salesforce/errors.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <stdexcept>

namespace sfc::salesforce {
namespace {

budget_settings checked(budget_settings s) {
    if (!(s.max_share > 0.0 && s.max_share <= 1.0)) {
        throw std::invalid_argument(fmt::format(
            "org {}: API budget share {} is outside (0, 1]; use e.g. 0.5 for half of the daily "
            "allocation",
            s.org,
            s.max_share));
    }
    if (s.check_interval.count() <= 0) {
        throw std::invalid_argument("org " + s.org + ": API budget check interval must be > 0");
    }
    return s;
}

}  // namespace

bool reaches_share(const api_usage& usage, double share) {
    return usage.limit > 0 &&
           static_cast<double>(usage.used) >= share * static_cast<double>(usage.limit);
}

api_budget::api_budget(boost::asio::any_io_executor executor,
                       budget_settings settings,
                       async::stop_signal& stop)
    : settings_(checked(std::move(settings))), stop_(stop), checked_(std::move(executor)) {}

void api_budget::observe(const api_usage& usage) {
    usage_ = usage;
}

void api_budget::exhausted() {
    exhausted_ = true;
}

void api_budget::served() {
    unproven_resume_ = false;
}

bool api_budget::admits() const {
    return !exhausted_ && !(usage_ && reaches_share(*usage_, settings_.max_share));
}

boost::asio::awaitable<void> api_budget::admit(usage_probe& probe) {
    while (!admits()) {
        if (stop_.requested()) throw async::stopping();
        if (checking_) {
            co_await checked_.wait();
            continue;
        }
        // However the check ends (resumed, stopping), the waiters look again.
        checking_ = true;
        std::exception_ptr failure;
        try {
            co_await check_until_admitted(probe);
        } catch (...) {
            failure = std::current_exception();
        }
        checking_ = false;
        checked_.notify_all();
        if (failure) std::rethrow_exception(failure);
    }
}

boost::asio::awaitable<void> api_budget::check_until_admitted(usage_probe& probe) {
    log_pause();
    // Named: a converted temporary inside a co_await expression is miscompiled by GCC 12.
    const std::chrono::milliseconds interval = settings_.check_interval;
    while (!admits()) {
        if (!co_await stop_.sleep_for(interval)) throw async::stopping();
        // A response that finished meanwhile may already show room.
        if (admits()) break;
        co_await check_once(probe);
    }
    log_resume();
}

boost::asio::awaitable<void> api_budget::check_once(usage_probe& probe) {
    std::string failure;
    bool still_over_limit = false;
    try {
        const api_usage usage = co_await probe.current_usage();
        observe(usage);
        if (!reaches_share(usage, settings_.max_share)) exhausted_ = false;
        co_return;
    } catch (const async::stopping&) {
        throw;
    } catch (const api_error& e) {
        // While the allocation is used up, /limits itself is refused: that is the answer.
        still_over_limit = e.kind() == error_kind::limit_exceeded;
        failure = e.what();
    } catch (const std::exception& e) {
        failure = e.what();
    }
    const auto interval = duration_text(settings_.check_interval);
    if (still_over_limit) {
        spdlog::debug("org {}: still over the API limit ({}); checking again in {}",
                      settings_.org,
                      failure,
                      interval);
    } else {
        spdlog::warn(
            "org {}: checking /limits failed ({}); requests stay paused, checking again "
            "in {}",
            settings_.org,
            failure,
            interval);
    }
}

void api_budget::log_pause() {
    const auto interval = duration_text(settings_.check_interval);
    exhausted_pause_ = exhausted_;
    quiet_ = exhausted_ && unproven_resume_;
    if (quiet_) {
        spdlog::debug(
            "org {}: Salesforce still refuses requests (TotalRequests) although /limits showed "
            "room; pausing again, checking every {}",
            settings_.org,
            interval);
        return;
    }
    if (exhausted_) {
        const std::string usage =
            usage_ ? fmt::format("; usage {} of {}", usage_->used, usage_->limit) : "";
        spdlog::warn(
            "org {}: the daily API allocation is used up (REQUEST_LIMIT_EXCEEDED "
            "TotalRequests{}); pausing requests, checking /limits every {}",
            settings_.org,
            usage,
            interval);
        return;
    }
    spdlog::warn(
        "org {}: API usage {} of {} daily requests reached the configured share {:g}%; "
        "pausing requests, checking /limits every {}",
        settings_.org,
        usage_->used,
        usage_->limit,
        settings_.max_share * 100,
        interval);
}

void api_budget::log_resume() {
    if (exhausted_pause_) unproven_resume_ = true;
    if (!usage_) return;
    spdlog::log(quiet_ ? spdlog::level::debug : spdlog::level::info,
                "org {}: API usage {} of {} is below the share again; resuming",
                settings_.org,
                usage_->used,
                usage_->limit);
}

}  // namespace sfc::salesforce
