#include "async/stop_signal.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <utility>

namespace sfc::async {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

stop_signal::stop_signal(net::any_io_executor executor)
    : executor_(executor), wake_(executor, net::steady_timer::time_point::max()) {}

void stop_signal::request() {
    if (requested_) return;
    requested_ = true;
    // A callback may end another's registration: each is looked up again before it runs.
    std::uint64_t last = 0;
    for (auto it = callbacks_.upper_bound(last); it != callbacks_.end();
         it = callbacks_.upper_bound(last)) {
        last = it->first;
        auto f = std::move(it->second);
        callbacks_.erase(it);
        f();
    }
    wake_.cancel();
}

stop_signal::registration stop_signal::on_request(std::function<void()> f) {
    if (requested_) {
        f();
        return {};
    }
    const std::uint64_t id = next_id_++;
    callbacks_.emplace(id, std::move(f));
    return registration(this, id);
}

stop_signal::registration::registration(registration&& other) noexcept
    : stop_(std::exchange(other.stop_, nullptr)), id_(other.id_) {}

stop_signal::registration& stop_signal::registration::operator=(registration&& other) noexcept {
    if (this != &other) {
        reset();
        stop_ = std::exchange(other.stop_, nullptr);
        id_ = other.id_;
    }
    return *this;
}

stop_signal::registration::~registration() {
    reset();
}

void stop_signal::registration::reset() {
    if (stop_ != nullptr) stop_->callbacks_.erase(id_);
    stop_ = nullptr;
}

net::awaitable<bool> stop_signal::sleep_for(std::chrono::milliseconds d) {
    // Checked before waiting: a request made while nothing waited only set the flag.
    if (requested_) co_return false;
    net::steady_timer timer(executor_, d);
    co_await (timer.async_wait(net::as_tuple(net::use_awaitable)) ||
              wake_.async_wait(net::as_tuple(net::use_awaitable)));
    co_return !requested_;
}

net::awaitable<void> stop_signal::wait() {
    while (!requested_) co_await wake_.async_wait(net::as_tuple(net::use_awaitable));
}

}  // namespace sfc::async
