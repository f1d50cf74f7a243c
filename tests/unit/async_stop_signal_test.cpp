#include "async/stop_signal.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

namespace net = boost::asio;
using namespace std::chrono_literals;

TEST(stop_signal, a_short_sleep_completes_normally) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    auto f = net::co_spawn(ctx, stop.sleep_for(1ms), net::use_future);
    ctx.run();
    EXPECT_TRUE(f.get());
}

TEST(stop_signal, request_wakes_every_long_sleep_at_once) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    auto a = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    auto b = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    net::post(ctx, [&] { stop.request(); });
    ctx.run();  // would hang for a day if the sleeps were not woken
    EXPECT_FALSE(a.get());
    EXPECT_FALSE(b.get());
}

TEST(stop_signal, a_request_before_the_sleep_is_not_lost) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    stop.request();
    auto f = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    ctx.run();
    EXPECT_FALSE(f.get());
    EXPECT_TRUE(stop.requested());
}

TEST(stop_signal, on_request_runs_each_callback_once) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    int calls = 0;
    bool requested_inside = false;
    auto sleeper = net::co_spawn(ctx, stop.sleep_for(24h), net::use_future);
    auto first = stop.on_request([&] { ++calls; });
    auto second = stop.on_request([&] {
        ++calls;
        requested_inside = stop.requested();
    });
    net::post(ctx, [&] {
        stop.request();
        stop.request();  // a second request runs nothing again
    });
    ctx.run();
    EXPECT_EQ(calls, 2);
    EXPECT_TRUE(requested_inside);
    EXPECT_FALSE(sleeper.get());
}

TEST(stop_signal, a_registration_ended_before_the_request_is_not_called) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    int calls = 0;
    {
        auto gone = stop.on_request([&] { ++calls; });
    }
    auto moved = stop.on_request([&] { calls += 10; });
    auto kept = std::move(moved);
    stop.request();
    EXPECT_EQ(calls, 10);
}

TEST(stop_signal, on_request_after_the_stop_runs_at_once) {
    net::io_context ctx;
    sfc::async::stop_signal stop(ctx.get_executor());
    stop.request();
    bool called = false;
    auto late = stop.on_request([&] { called = true; });
    EXPECT_TRUE(called);
}
