// The shipped example config/sfcollector.yaml must load, and so must its commented-out sinks and
// pipeline once uncommented, so it cannot drift from the loader.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "config/load.hpp"
#include "pki/test_pki.hpp"

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

/// The example with its commented-out sink items ("  # - type: ...") and pipeline section
/// ("# pipeline:") switched on, the way an operator would uncomment them.
std::string uncomment_examples(const std::string& text) {
    std::istringstream in(text);
    std::string out;
    std::string line;
    enum class block { none, sink, pipeline } state = block::none;
    while (std::getline(in, line)) {
        if (line.starts_with("  # - type: ")) state = block::sink;
        if (line == "# pipeline:") state = block::pipeline;
        bool inside =
            (state == block::sink && (line.starts_with("  # - ") || line.starts_with("  #   "))) ||
            (state == block::pipeline && line.starts_with("# "));
        if (!inside) state = block::none;
        if (state == block::sink) line.erase(2, 2);
        if (state == block::pipeline) line.erase(0, 2);
        out += line + "\n";
    }
    return out;
}

TEST(config_example, commented_sinks_and_pipeline_are_valid_and_state_the_defaults) {
    std::string text = uncomment_examples(sfc::test::read_file(example_path()));
    ASSERT_NE(text.find("\n  - type: splunk_hec\n"), std::string::npos) << text;
    ASSERT_NE(text.find("\npipeline:\n"), std::string::npos) << text;
    auto config = load_string(text, example_path(), no_env(), load_options{.check_files = false});

    ASSERT_EQ(config.sinks.size(), 6u);
    EXPECT_EQ(config.sinks[1].type, sink_type::stdout_lines);
    const auto& syslog = config.sinks[2];
    const syslog_sink_config syslog_defaults;
    EXPECT_EQ(syslog.type, sink_type::syslog);
    EXPECT_EQ(syslog.name, "qradar");
    EXPECT_EQ(syslog.syslog.port, syslog_defaults.port);
    EXPECT_EQ(syslog.syslog.transport, syslog_defaults.transport);
    EXPECT_EQ(syslog.syslog.framing, syslog_defaults.framing);
    EXPECT_EQ(syslog.syslog.format, syslog_defaults.format);
    EXPECT_EQ(syslog.syslog.facility, syslog_defaults.facility);
    EXPECT_EQ(syslog.syslog.severity, syslog_defaults.severity);
    EXPECT_EQ(syslog.syslog.app_name, syslog_defaults.app_name);
    EXPECT_EQ(syslog.syslog.max_message_bytes, syslog_defaults.max_message_bytes);
    EXPECT_FALSE(syslog.syslog.tls.insecure_skip_verify);

    const auto& es = config.sinks[3];
    const http_sink_config http_defaults;
    EXPECT_EQ(es.type, sink_type::elasticsearch);
    EXPECT_EQ(es.http.auth, http_auth::basic);
    EXPECT_EQ(es.http.secret.file, "/etc/sfcollector/es-password");
    EXPECT_EQ(es.http.gzip, http_defaults.gzip);
    EXPECT_EQ(es.http.request_timeout, http_defaults.request_timeout);

    const auto& hec = config.sinks[4];
    EXPECT_EQ(hec.type, sink_type::splunk_hec);
    EXPECT_EQ(hec.http.source, http_defaults.source);
    EXPECT_EQ(hec.http.hec_ack, http_defaults.hec_ack);
    EXPECT_EQ(config.sinks[5].type, sink_type::http);

    const pipeline_config pipeline_defaults;
    EXPECT_EQ(config.pipeline.max_events, pipeline_defaults.max_events);
    EXPECT_EQ(config.pipeline.max_bytes, pipeline_defaults.max_bytes);
    EXPECT_EQ(config.pipeline.when_full, pipeline_defaults.when_full);
    EXPECT_EQ(config.pipeline.retry_initial, pipeline_defaults.retry_initial);
    EXPECT_EQ(config.pipeline.retry_max, pipeline_defaults.retry_max);
    EXPECT_EQ(config.pipeline.shutdown_grace, pipeline_defaults.shutdown_grace);
    EXPECT_EQ(config.pipeline.dead_letter_path, config.state_dir / "dead-letter.jsonl");
}

TEST(config_example, shipped_config_gets_the_default_pipeline) {
    auto config = load_file(example_path(), no_env(), load_options{.check_files = false});
    EXPECT_EQ(config.pipeline.max_events, pipeline_config{}.max_events);
    EXPECT_EQ(config.pipeline.dead_letter_path, "/var/lib/sfcollector/dead-letter.jsonl");
    EXPECT_EQ(config.sinks.at(0).name, "file:/var/log/sfcollector/events.jsonl");
}

}  // namespace
}  // namespace sfc::config
