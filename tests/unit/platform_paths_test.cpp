// Where the collector's files live by default on each platform.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>

#include "platform/ip_address.hpp"
#include "platform/paths.hpp"
#include "platform/process.hpp"
#include "platform/signals.hpp"

namespace sfc::platform {
namespace {

#ifdef _WIN32
TEST(platform_paths, windows_files_live_under_program_data) {
    const std::filesystem::path base = std::filesystem::path(std::getenv("ProgramData"));
    EXPECT_EQ(default_config_file(), base / "sfcollector" / "sfcollector.yaml");
    EXPECT_EQ(default_state_dir(), base / "sfcollector" / "state");
    EXPECT_EQ(service_log_file(), base / "sfcollector" / "logs" / "sfcollector.log");
}

TEST(platform_paths, ctrl_c_and_ctrl_break_stop_the_console_run) {
    const auto signals = stop_signals();
    EXPECT_NE(std::find(signals.begin(), signals.end(), SIGINT), signals.end());
    EXPECT_NE(std::find(signals.begin(), signals.end(), SIGBREAK), signals.end());
    EXPECT_EQ(reopen_signal(), 0);
    EXPECT_EQ(signal_name(SIGBREAK), "Ctrl-Break");
}
#else
TEST(platform_paths, linux_files_live_in_etc_and_var_lib) {
    EXPECT_EQ(default_config_file(), "/etc/sfcollector/sfcollector.yaml");
    EXPECT_EQ(default_state_dir(), "/var/lib/sfcollector");
    EXPECT_TRUE(service_log_file().empty());
    EXPECT_EQ(signal_name(reopen_signal()), "SIGHUP");
}
#endif

TEST(platform_process, names_this_host_and_process) {
    EXPECT_FALSE(host_name().empty());
    EXPECT_GT(process_id(), 0u);
}

TEST(platform_ip, reads_v4_and_v6_and_refuses_junk) {
    EXPECT_EQ(parse_ip_address("10.1.2.3")->size, 4u);
    EXPECT_EQ(parse_ip_address("fd00::1")->size, 16u);
    EXPECT_EQ(parse_ip_address("10.1.2.3x"), std::nullopt);
    EXPECT_EQ(parse_ip_address(std::string_view("10.1.2.3\0", 9)), std::nullopt);
    EXPECT_EQ(parse_ip_address(""), std::nullopt);
}

}  // namespace
}  // namespace sfc::platform
