#pragma once
// One stop funnel: SIGTERM/SIGINT (and later the Windows SCM) call request(); every wait in the
// collector (poll interval, backoff) ends early when it does.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace sfc::pipeline {

/// Used from the one strand that runs the collector.
class stop_signal {
public:
    explicit stop_signal(boost::asio::any_io_executor executor);

    void request();
    bool requested() const { return requested_; }
    /// Waits `d`, or less if a stop is requested meanwhile. Returns false when stopping.
    /// Milliseconds, the type every caller's backoff yields: GCC 12 miscompiles a coroutine
    /// that converts an argument to a temporary inside a co_await expression.
    boost::asio::awaitable<bool> sleep_for(std::chrono::milliseconds d);
    /// Completes when a stop is requested (at once if it already was).
    boost::asio::awaitable<void> wait();

private:
    boost::asio::any_io_executor executor_;
    boost::asio::steady_timer wake_;  ///< never expires; request() cancels its waits
    bool requested_ = false;
};

}  // namespace sfc::pipeline
