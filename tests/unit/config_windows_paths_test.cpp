// Config paths on Windows: drive letters with either slash, relative paths against the config's
// folder, and the example config as the installer ships it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "config/load.hpp"
#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using test_support::salesforce_block;

collector_config load_with(const std::string& extra) {
    return load_string(salesforce_block + extra,
                       "C:\\ProgramData\\sfcollector\\sfcollector.yaml",
                       test_support::env_of({}),
                       load_options{.check_files = false});
}

TEST(config_windows_paths, backslashes_and_forward_slashes_name_the_same_folder) {
    const auto back = load_with("state_dir: C:\\ProgramData\\sfcollector\\state\n");
    const auto quoted = load_with("state_dir: 'C:\\ProgramData\\sfcollector\\state'\n");
    const auto forward = load_with("state_dir: C:/ProgramData/sfcollector/state\n");
    const std::filesystem::path expected = "C:\\ProgramData\\sfcollector\\state";
    EXPECT_EQ(back.state_dir, expected);
    EXPECT_EQ(quoted.state_dir, expected);
    EXPECT_EQ(forward.state_dir, expected);
}

TEST(config_windows_paths, relative_paths_start_from_the_config_folder) {
    const auto config = load_with("state_dir: state\n");
    EXPECT_EQ(config.state_dir, std::filesystem::path("C:\\ProgramData\\sfcollector\\state"));
}

TEST(config_windows_paths, the_installed_example_loads_with_windows_paths) {
    const char* example = std::getenv("SFC_WINDOWS_EXAMPLE");
    ASSERT_NE(example, nullptr) << "ctest sets SFC_WINDOWS_EXAMPLE";
    const auto config = load_file(example, test_support::env_of({}), {.check_files = false});
    EXPECT_EQ(config.state_dir, std::filesystem::path("C:\\ProgramData\\sfcollector\\state"));
    ASSERT_FALSE(config.orgs.empty());
    EXPECT_EQ(config.orgs[0].salesforce.private_key,
              std::filesystem::path("C:\\ProgramData\\sfcollector\\server.pem"));
    ASSERT_FALSE(config.sinks.empty());
    EXPECT_EQ(config.sinks[0].path,
              std::filesystem::path("C:\\ProgramData\\sfcollector\\events\\events.jsonl"));
    std::ifstream in(example);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find("/etc/"), std::string::npos);
    EXPECT_EQ(text.find("/var/"), std::string::npos);
}

}  // namespace
}  // namespace sfc::config
