// The service status rules, apart from the service control manager: what it is told, in order.
#include <gtest/gtest.h>

#include <vector>

#include "platform/service_lifecycle.hpp"

namespace sfc::platform {
namespace {

using namespace std::chrono_literals;

class recording_sink final : public service_status_sink {
public:
    void report(const service_status& status) override { reports.push_back(status); }
    std::vector<service_status> reports;
};

constexpr std::uint32_t stop_controls =
    service_accepts::stop | service_accepts::shutdown | service_accepts::preshutdown;

TEST(service_lifecycle, start_reports_pending_then_running_with_the_stop_controls) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    ASSERT_EQ(sink.reports.size(), 2u);
    EXPECT_EQ(sink.reports[0].state, service_state::start_pending);
    EXPECT_EQ(sink.reports[0].controls_accepted, 0u);  // no stop before the service is up
    EXPECT_GT(sink.reports[0].checkpoint, 0u);
    EXPECT_GT(sink.reports[0].wait_hint_ms, 0u);
    EXPECT_EQ(sink.reports[1].state, service_state::running);
    EXPECT_EQ(sink.reports[1].controls_accepted, stop_controls);
    EXPECT_EQ(sink.reports[1].checkpoint, 0u);
}

TEST(service_lifecycle, stop_preshutdown_and_shutdown_all_drain_once) {
    for (std::uint32_t control :
         {service_controls::stop, service_controls::preshutdown, service_controls::shutdown}) {
        recording_sink sink;
        service_lifecycle life(sink, 45s);
        life.starting();
        life.running();
        EXPECT_TRUE(life.control(control)) << control;
        EXPECT_EQ(life.state(), service_state::stop_pending);
        EXPECT_EQ(sink.reports.back().wait_hint_ms, 45'000u);
        EXPECT_EQ(sink.reports.back().controls_accepted, 0u);
        // A second stop while draining starts nothing new.
        EXPECT_FALSE(life.control(service_controls::stop));
    }
}

TEST(service_lifecycle, checkpoints_grow_while_stopping) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    life.control(service_controls::stop);
    const auto first = sink.reports.back().checkpoint;
    life.still_stopping();
    life.still_stopping();
    EXPECT_EQ(sink.reports.back().checkpoint, first + 2);
    EXPECT_EQ(sink.reports.back().state, service_state::stop_pending);
}

TEST(service_lifecycle, still_stopping_is_silent_unless_stopping) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    const auto before = sink.reports.size();
    life.still_stopping();
    EXPECT_EQ(sink.reports.size(), before);
}

TEST(service_lifecycle, a_clean_stop_reports_success) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    life.control(service_controls::stop);
    life.stopped(0);
    EXPECT_EQ(sink.reports.back().state, service_state::stopped);
    EXPECT_EQ(sink.reports.back().win32_exit_code, 0u);
}

TEST(service_lifecycle, a_configuration_error_is_a_service_specific_exit_code) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    life.stopped(78);
    EXPECT_EQ(sink.reports.back().state, service_state::stopped);
    EXPECT_EQ(sink.reports.back().win32_exit_code, error_service_specific);
    EXPECT_EQ(sink.reports.back().service_exit_code, 78u);
}

TEST(service_lifecycle, interrogate_repeats_the_status) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    life.running();
    EXPECT_FALSE(life.control(service_controls::interrogate));
    EXPECT_EQ(sink.reports.size(), 3u);
    EXPECT_EQ(sink.reports.back().state, service_state::running);
}

TEST(service_lifecycle, a_stop_during_start_up_is_not_undone_by_running) {
    recording_sink sink;
    service_lifecycle life(sink, 45s);
    life.starting();
    EXPECT_TRUE(life.control(service_controls::stop));
    life.running();
    EXPECT_EQ(life.state(), service_state::stop_pending);
}

}  // namespace
}  // namespace sfc::platform
