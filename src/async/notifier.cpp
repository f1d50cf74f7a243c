#include "async/notifier.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sfc::async {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

notifier::notifier(net::any_io_executor executor)
    : executor_(executor), timer_(executor, net::steady_timer::time_point::max()) {}

net::awaitable<void> notifier::wait() {
    co_await timer_.async_wait(net::as_tuple(net::use_awaitable));
}

net::awaitable<void> notifier::wait_until(std::chrono::steady_clock::time_point deadline) {
    net::steady_timer limit(executor_, deadline);
    co_await (timer_.async_wait(net::as_tuple(net::use_awaitable)) ||
              limit.async_wait(net::as_tuple(net::use_awaitable)));
}

}  // namespace sfc::async
