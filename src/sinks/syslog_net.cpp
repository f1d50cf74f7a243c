#include "sinks/syslog_net.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <variant>

#include "http/connection.hpp"

namespace sfc::sinks {
namespace asio = boost::asio;
using asio::ip::tcp;

void fail_step(const std::string& peer, std::string_view step, std::string_view why) {
    throw transport_failure(peer + ": " + std::string(step) + " failed: " + std::string(why));
}

asio::awaitable<tcp::resolver::results_type> resolve_peer(
    const std::string& host,
    const std::string& port,
    std::chrono::steady_clock::time_point deadline,
    std::chrono::milliseconds timeout,
    const std::string& peer) {
    using namespace asio::experimental::awaitable_operators;
    constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
    const auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    asio::steady_timer timer(executor, deadline);
    // Whichever finishes first cancels the other, and both have finished when this resumes.
    auto outcome =
        co_await (resolver.async_resolve(host, port, use_tuple) || timer.async_wait(use_tuple));
    if (outcome.index() == 1) {
        fail_step(peer, "resolve", "timed out after " + std::to_string(timeout.count()) + " ms");
    }
    auto [ec, results] = std::get<0>(std::move(outcome));
    if (ec) fail_step(peer, "resolve", http::describe(ec, timeout));
    co_return results;
}

}  // namespace sfc::sinks
