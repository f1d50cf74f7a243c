#include "pipeline/stop_signal.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

namespace net = boost::asio;
using namespace std::chrono_literals;

TEST(stop_signal, a_short_sleep_completes_normally) {
    net::io_context ctx;
    sfc::pipeline::stop_signal stop(ctx.get_executor());
    auto f = net::co_spawn(ctx, stop.sleep_for(1ms), net::use_future);
    ctx.run();
    EXPECT_TRUE(f.get());
}

TEST(stop_signal, request_wakes_every_long_sleep_at_once) {
    net::io_context ctx;
    sfc::pipeline::stop_signal stop(ctx.get_executor());
    auto a = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    auto b = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    net::post(ctx, [&] { stop.request(); });
    ctx.run();  // would hang for a day if the sleeps were not woken
    EXPECT_FALSE(a.get());
    EXPECT_FALSE(b.get());
}

TEST(stop_signal, a_request_before_the_sleep_is_not_lost) {
    net::io_context ctx;
    sfc::pipeline::stop_signal stop(ctx.get_executor());
    stop.request();
    auto f = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    ctx.run();
    EXPECT_FALSE(f.get());
    EXPECT_TRUE(stop.requested());
}
