#include "pipeline/stop_signal.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sfc::pipeline {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

stop_signal::stop_signal(net::any_io_executor executor)
    : executor_(executor), wake_(executor, net::steady_timer::time_point::max()) {}

void stop_signal::request() {
    requested_ = true;
    wake_.cancel();
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

}  // namespace sfc::pipeline
