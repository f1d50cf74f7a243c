#pragma once
// One stop funnel: SIGTERM/SIGINT (and later the Windows SCM) call request(); every wait in the
// collector (poll interval, backoff) ends early when it does.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>

namespace sfc::async {

/// Thrown by a wait (publishing, a request in flight) that ends because the collector is
/// stopping.
class stopping : public std::runtime_error {
public:
    stopping() : std::runtime_error("stopping") {}
};

/// Used from the one strand that runs the collector.
class stop_signal {
public:
    /// Movable (tests start over with a fresh one), but not while registrations are alive.
    explicit stop_signal(boost::asio::any_io_executor executor);

    /// A callback run by request(), until the registration is destroyed.
    class registration {
    public:
        registration() = default;
        registration(registration&& other) noexcept;
        registration& operator=(registration&& other) noexcept;
        ~registration();

    private:
        friend class stop_signal;
        registration(stop_signal* stop, std::uint64_t id) : stop_(stop), id_(id) {}
        void reset();
        stop_signal* stop_ = nullptr;
        std::uint64_t id_ = 0;
    };

    void request();
    bool requested() const { return requested_; }
    /// Waits `d`, or less if a stop is requested meanwhile. Returns false when stopping.
    /// Milliseconds, the type every caller's backoff yields: GCC 12 miscompiles a coroutine
    /// that converts an argument to a temporary inside a co_await expression.
    boost::asio::awaitable<bool> sleep_for(std::chrono::milliseconds d);
    /// Completes when a stop is requested (at once if it already was).
    boost::asio::awaitable<void> wait();
    /// Runs `f` once, synchronously inside the first request() (at once if a stop was already
    /// requested): for what must happen before any waiter wakes, such as closing the sockets
    /// that requests in flight wait on. The registration must not outlive this stop_signal.
    [[nodiscard]] registration on_request(std::function<void()> f);

private:
    boost::asio::any_io_executor executor_;
    boost::asio::steady_timer wake_;  ///< never expires; request() cancels its waits
    bool requested_ = false;
    std::map<std::uint64_t, std::function<void()>> callbacks_;
    std::uint64_t next_id_ = 1;
};

}  // namespace sfc::async
