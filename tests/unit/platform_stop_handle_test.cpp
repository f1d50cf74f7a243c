// The stop funnel's door for the service control manager's thread.
#include <gtest/gtest.h>

#include <thread>

#include "platform/stop_handle.hpp"

namespace sfc::platform {
namespace {

TEST(stop_handle, a_request_before_attach_is_delivered_on_attach) {
    stop_handle stop;
    stop.request("service stop requested");
    std::string delivered;
    stop.attach([&](std::string reason) { delivered = std::move(reason); });
    EXPECT_EQ(delivered, "service stop requested");
    EXPECT_TRUE(stop.requested());
}

TEST(stop_handle, a_request_from_another_thread_is_delivered_once) {
    stop_handle stop;
    int calls = 0;
    stop.attach([&](std::string) { ++calls; });
    std::thread a([&] { stop.request("service stop requested"); });
    std::thread b([&] { stop.request("system shutting down"); });
    a.join();
    b.join();
    EXPECT_EQ(calls, 1);
}

TEST(stop_handle, nothing_is_delivered_after_detach) {
    stop_handle stop;
    int calls = 0;
    stop.attach([&](std::string) { ++calls; });
    stop.detach();
    stop.request("late");
    EXPECT_EQ(calls, 0);
    EXPECT_TRUE(stop.requested());
}

TEST(stop_handle, ready_runs_when_the_collector_attaches) {
    stop_handle stop;
    int ready = 0;
    stop.on_attach([&] { ++ready; });
    EXPECT_EQ(ready, 0);  // a config error returns before attach: no RUNNING
    stop.attach([](std::string) {});
    EXPECT_EQ(ready, 1);
}

}  // namespace
}  // namespace sfc::platform
