// The shipped example config/sfcollector.yaml must load, so it cannot drift from the loader.

#include <gtest/gtest.h>

#include <cstdlib>

#include "config/load.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;

std::filesystem::path example_path() {
    // ctest sets SFC_SOURCE_DIR; running the binary by hand falls back to this file's location.
    if (const char* source_dir = std::getenv("SFC_SOURCE_DIR")) {
        return std::filesystem::path(source_dir) / "config" / "sfcollector.yaml";
    }
    return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "config" /
           "sfcollector.yaml";
}

env_lookup no_env() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

TEST(config_example, shipped_config_loads) {
    auto path = example_path();
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    auto config = load_file(path, no_env(), load_options{.check_files = false});
    EXPECT_EQ(config.salesforce.private_key, "/etc/sfcollector/server.pem");
    EXPECT_EQ(config.salesforce.instance_url, "https://company.my.salesforce.com");
    EXPECT_EQ(config.salesforce.api_version, "64.0");
    EXPECT_EQ(config.salesforce.login_url, "https://login.salesforce.com");
    EXPECT_FALSE(config.salesforce.tls_insecure_skip_verify);
    EXPECT_EQ(config.event_log_file.event_types, event_log_file_config{}.event_types);
    EXPECT_EQ(config.collection.poll_interval, 5min);
    EXPECT_EQ(config.state_dir, "/var/lib/sfcollector");
    ASSERT_EQ(config.sinks.size(), 1u);
    EXPECT_EQ(config.sinks[0].type, sink_type::file);
    EXPECT_EQ(config.sinks[0].path, "/var/log/sfcollector/events.jsonl");
}

TEST(config_example, shipped_config_states_the_struct_defaults) {
    // The example shows each default; if config.hpp's defaults change, the example must too.
    auto config = load_file(example_path(), no_env(), load_options{.check_files = false});
    const collector_config defaults;
    EXPECT_EQ(config.event_log_file.enabled, defaults.event_log_file.enabled);
    EXPECT_EQ(config.event_log_file.interval, defaults.event_log_file.interval);
    EXPECT_EQ(config.collection.poll_interval, defaults.collection.poll_interval);
    EXPECT_EQ(config.collection.initial_lookback, defaults.collection.initial_lookback);
    EXPECT_DOUBLE_EQ(config.collection.jitter, defaults.collection.jitter);
    EXPECT_EQ(config.state_dir, defaults.state_dir);
    EXPECT_EQ(config.level, defaults.level);
}

}  // namespace
}  // namespace sfc::config
