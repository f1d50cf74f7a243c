// Start, stop and fatal errors reach the Event Log (through its interface, with a recording
// fake: under Wine nothing written there can be read back).
#include <gtest/gtest.h>

#include <vector>

#include "app/cli.hpp"
#include "app/service_entry.hpp"

namespace sfc::app {
namespace {

class recording_event_log final : public platform::event_log {
public:
    void write(platform::event_log_severity severity, std::string_view message) override {
        entries.emplace_back(severity, std::string(message));
    }
    std::vector<std::pair<platform::event_log_severity, std::string>> entries;
};

TEST(service_entry, a_configuration_error_goes_to_the_event_log_and_exits_78) {
    recording_event_log log;
    cli_options opts;
    opts.cmd = command::run;
    opts.config_path = "no-such-dir/sfcollector.yaml";
    EXPECT_EQ(load_and_run(opts, nullptr, &log), 78);
    ASSERT_EQ(log.entries.size(), 1u);
    EXPECT_EQ(log.entries[0].first, platform::event_log_severity::error);
    EXPECT_NE(log.entries[0].second.find("sfcollector.yaml"), std::string::npos)
        << log.entries[0].second;
}

#ifndef _WIN32
TEST(service_entry, service_commands_point_linux_operators_to_systemctl) {
    cli_options opts;
    opts.cmd = command::service;
    opts.action = service_action::install;
    testing::internal::CaptureStderr();
    EXPECT_EQ(run_service_command(opts), 64);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("systemctl"), std::string::npos);
}
#endif

TEST(service_entry, run_service_outside_the_service_manager_is_a_usage_error) {
    cli_options opts;
    opts.cmd = command::run;
    opts.as_service = true;
    testing::internal::CaptureStderr();
    EXPECT_EQ(run_under_service_manager(opts), 64);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("service control manager"),
              std::string::npos);
}

}  // namespace
}  // namespace sfc::app
