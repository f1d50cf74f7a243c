#pragma once
// Keeps the collector's REST requests under a configured share of the org's rolling 24 h API
// allocation, which the org's other integrations share. Usage is read from every response's
// Sforce-Limit-Info; while it is at or above the share, requests wait and /limits is checked
// every check_interval until the rolling window has made room again.
//
// Overshoot: a request is admitted on the latest usage known when it starts, so the requests
// already in flight when the share is reached still complete. With at most N requests in flight
// (http::client_pool's cap), the collector passes the share by at most N requests, plus one
// /limits check per interval while paused. Other integrations' use is seen only in the counts.

#include "async/notifier.hpp"
#include "async/stop_signal.hpp"
#include "salesforce/limit_info.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace sfc::salesforce {

struct budget_settings {
    /// Pause at or above this share of the daily allocation; 0 < max_share <= 1.
    double max_share = 1.0;
    /// How often /limits is read while paused.
    std::chrono::milliseconds check_interval{std::chrono::minutes(5)};
    std::string org;  ///< names the org in log lines
};

/// Whether `usage` is at or above `share` of its limit. A zero limit (none reported) never is.
bool reaches_share(const api_usage& usage, double share);

/// Reads the org's current usage (GET /limits) for the budget's checks while paused.
class usage_probe {
public:
    virtual ~usage_probe() = default;
    virtual boost::asio::awaitable<api_usage> current_usage() = 0;
};

/// Use from one strand; any number of coroutines may wait in admit() at once.
class api_budget {
public:
    /// Throws std::invalid_argument for a max_share outside (0, 1] or a check_interval <= 0.
    api_budget(boost::asio::any_io_executor executor,
               budget_settings settings,
               async::stop_signal& stop);

    /// A reading of the org's usage: a response's Sforce-Limit-Info, or /limits.
    void observe(const api_usage& usage);
    /// A 403 REQUEST_LIMIT_EXCEEDED (TotalRequests): the allocation is used up whatever the last
    /// reading said; only a /limits check below the share lifts it.
    void exhausted();
    /// A request got a 2xx answer: Salesforce accepts requests again.
    void served();
    /// Whether a request may start now.
    bool admits() const;
    /// Returns at once while admits(); else waits. One waiter at a time checks /limits through
    /// `probe` every check_interval (the others wait for its verdict) and logs the pause and the
    /// resumption once each. Throws async::stopping when a stop is requested meanwhile.
    boost::asio::awaitable<void> admit(usage_probe& probe);

    std::optional<api_usage> last_usage() const { return usage_; }
    const budget_settings& settings() const { return settings_; }

private:
    boost::asio::awaitable<void> check_until_admitted(usage_probe& probe);
    boost::asio::awaitable<void> check_once(usage_probe& probe);
    void log_pause();
    void log_resume();

    budget_settings settings_;
    async::stop_signal& stop_;
    async::notifier checked_;  ///< wakes the waiters when a checker is done
    std::optional<api_usage> usage_;
    bool exhausted_ = false;
    bool checking_ = false;
    /// Resumed from a used-up allocation and no request has been served since: if Salesforce
    /// refuses again (its counter and /limits can disagree), the pause is not news.
    bool unproven_resume_ = false;
    bool exhausted_pause_ = false;  ///< this pause began with a used-up allocation
    bool quiet_ = false;            ///< this pause and its resumption are logged at debug
};

}  // namespace sfc::salesforce
