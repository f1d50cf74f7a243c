#pragma once
// Wakes every coroutine waiting on it: the queue's "data arrived" and "room freed" events.
// Single-threaded use (one io_context thread): a waiter checks its condition, then waits, with
// nothing able to run in between, so no wake-up is lost.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

namespace sfc::async {

class notifier {
public:
    explicit notifier(boost::asio::any_io_executor executor);
    void notify_all() { timer_.cancel(); }
    /// Until the next notify_all().
    boost::asio::awaitable<void> wait();
    /// Until the next notify_all() or the deadline, whichever comes first.
    boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point deadline);

private:
    boost::asio::any_io_executor executor_;
    boost::asio::steady_timer timer_;  ///< never expires; notify_all() cancels its waits
};

}  // namespace sfc::async
