// The shipped example config/sfcollector.yaml must load, and so must its commented-out keys,
// sinks, pipeline, objects and orgs once uncommented, so it cannot drift from the loader.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "config/load.hpp"
#include "config/object_catalog.hpp"
#include "config_test_support.hpp"
#include "pki/test_pki.hpp"
#include "platform/paths.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using test_support::only_org;

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

/// The config_error `text` causes.
std::string load_error(const std::string& text) {
    try {
        load_string(text, example_path(), no_env(), load_options{.check_files = false});
    } catch (const config_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no config_error";
    return {};
}

TEST(config_example, shipped_config_loads) {
    SFC_POSIX_PATHS_ONLY();
    auto path = example_path();
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    auto config = load_file(path, no_env(), load_options{.check_files = false});
    const auto& org = only_org(config);
    EXPECT_EQ(org.name, "default");
    EXPECT_EQ(org.salesforce.auth, auth_flow::jwt_bearer);
    EXPECT_EQ(org.salesforce.private_key, "/etc/sfcollector/server.pem");
    EXPECT_TRUE(org.salesforce.private_key_passphrase.empty());
    EXPECT_EQ(org.salesforce.instance_url, "https://company.my.salesforce.com");
    EXPECT_EQ(org.salesforce.api_version, "64.0");
    EXPECT_EQ(org.salesforce.login_url, "https://login.salesforce.com");
    EXPECT_FALSE(org.salesforce.tls_insecure_skip_verify);
    EXPECT_TRUE(org.salesforce.proxy.url.empty());
    EXPECT_TRUE(org.objects.empty());
    EXPECT_EQ(config.collection.poll_interval, 5min);
    EXPECT_EQ(config.state_dir, "/var/lib/sfcollector");
    ASSERT_EQ(config.sinks.size(), 1u);
    EXPECT_EQ(config.sinks[0].type, sink_type::file);
    EXPECT_EQ(config.sinks[0].path, "/var/log/sfcollector/events.jsonl");
}

TEST(config_example, shipped_config_states_the_struct_defaults) {
    SFC_POSIX_PATHS_ONLY();
    // The example shows each default; if config.hpp's defaults change, the example must too.
    auto config = load_file(example_path(), no_env(), load_options{.check_files = false});
    const collector_config defaults;
    const org_config& org = only_org(config);
    const salesforce_config sf_defaults;
    EXPECT_EQ(org.salesforce.auth, sf_defaults.auth);
    EXPECT_DOUBLE_EQ(org.salesforce.max_api_share, sf_defaults.max_api_share);
    EXPECT_EQ(org.salesforce.max_concurrent_requests, sf_defaults.max_concurrent_requests);
    EXPECT_EQ(org.salesforce.limits_check_interval, sf_defaults.limits_check_interval);
    EXPECT_EQ(org.event_log_file.enabled, event_log_file_config{}.enabled);
    EXPECT_EQ(org.event_log_file.event_types, event_log_file_config{}.event_types);
    EXPECT_EQ(org.event_log_file.interval, event_log_file_config{}.interval);
    EXPECT_EQ(config.collection.poll_interval, defaults.collection.poll_interval);
    EXPECT_EQ(config.collection.initial_lookback, defaults.collection.initial_lookback);
    EXPECT_DOUBLE_EQ(config.collection.jitter, defaults.collection.jitter);
    EXPECT_EQ(config.state_dir, sfc::platform::default_state_dir());
    EXPECT_EQ(config.logging.level, defaults.logging.level);
}

/// The example with its commented-out sink items ("  # - type: ...") and its top-level
/// `blocks` ("# pipeline:", "# objects:") switched on, the way an operator would uncomment them.
std::string uncomment_examples(const std::string& text,
                               std::initializer_list<std::string_view> blocks = {"# pipeline:",
                                                                                 "# objects:"}) {
    std::istringstream in(text);
    std::string out;
    std::string line;
    enum class block { none, sink, top } state = block::none;
    while (std::getline(in, line)) {
        if (line.starts_with("  # - type: ")) state = block::sink;
        if (std::find(blocks.begin(), blocks.end(), line) != blocks.end()) state = block::top;
        bool inside =
            (state == block::sink && (line.starts_with("  # - ") || line.starts_with("  #   "))) ||
            (state == block::top && line.starts_with("# "));
        if (!inside) state = block::none;
        if (state == block::sink) line.erase(2, 2);
        if (state == block::top) line.erase(0, 2);
        out += line + "\n";
    }
    return out;
}

/// Only the commented-out top-level `block` ("# orgs:"), switched on.
std::string uncommented_block(const std::string& text, std::string_view block) {
    std::string all = uncomment_examples(text, {block});
    auto start = all.find("\n" + std::string(block.substr(2)) + "\n");
    EXPECT_NE(start, std::string::npos) << block;
    auto end = all.find("\n\n", start + 1);
    return all.substr(start + 1, end - start);
}

/// The example with the salesforce lines "  # <key>: ..." of `keys` switched on.
std::string uncomment_salesforce_keys(const std::string& text,
                                      std::initializer_list<std::string_view> keys) {
    std::string out = text;
    for (auto key : keys) {
        auto at = out.find("\n  # " + std::string(key) + ": ");
        EXPECT_NE(at, std::string::npos) << key;
        out.erase(at + 3, 2);
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

TEST(config_example, commented_objects_list_every_built_in_object_and_a_custom_one) {
    std::string text = uncomment_examples(sfc::test::read_file(example_path()));
    ASSERT_NE(text.find("\nobjects:\n"), std::string::npos) << text;
    auto config = load_string(text, example_path(), no_env(), load_options{.check_files = false});
    const auto& objects = only_org(config).objects;
    auto catalogue = known_objects();
    ASSERT_EQ(objects.size(), catalogue.size() + 1);
    for (std::size_t i = 0; i < catalogue.size(); ++i) {
        EXPECT_EQ(objects[i].object, catalogue[i].name);
    }
    const auto& custom = objects.back();
    const object_source_config custom_defaults;
    EXPECT_EQ(custom.object, "MyAudit__c");
    EXPECT_EQ(custom.name, "my-audit");
    EXPECT_EQ(custom.cursor_field, "CreatedDate");
    EXPECT_EQ(custom.id_field, custom_defaults.id_field);
    EXPECT_EQ(custom.kind, custom_defaults.kind);
    EXPECT_EQ(custom.where, "Action__c != 'View'");
}

TEST(config_example, commented_orgs_example_is_valid) {
    std::string text = uncommented_block(sfc::test::read_file(example_path()), "# orgs:");
    auto config = load_string(text, example_path(), no_env(), load_options{.check_files = false});
    ASSERT_EQ(config.orgs.size(), 2u);
    EXPECT_EQ(config.orgs[0].name, "production");
    EXPECT_EQ(config.orgs[0].salesforce.auth, auth_flow::jwt_bearer);
    EXPECT_EQ(config.orgs[1].name, "uat");
    EXPECT_EQ(config.orgs[1].salesforce.auth, auth_flow::client_credentials);
    EXPECT_EQ(config.orgs[1].salesforce.client_secret.file, "/etc/sfcollector/uat/client-secret");
    EXPECT_DOUBLE_EQ(config.orgs[1].salesforce.max_api_share, 0.25);
    EXPECT_EQ(config.orgs[1].event_log_file.interval, elf_interval::daily);
    EXPECT_EQ(config.orgs[1].objects.size(), 2u);
}

TEST(config_example, commented_salesforce_keys_are_valid) {
    std::string text = uncomment_salesforce_keys(sfc::test::read_file(example_path()),
                                                 {"auth",
                                                  "private_key_passphrase_file",
                                                  "login_url",
                                                  "audience",
                                                  "ca_file",
                                                  "tls_insecure_skip_verify",
                                                  "proxy",
                                                  "no_proxy"});
    auto config = load_string(text, example_path(), no_env(), load_options{.check_files = false});
    const auto& sf = only_org(config).salesforce;
    EXPECT_EQ(sf.private_key_passphrase.file, "/etc/sfcollector/server.pass");
    EXPECT_EQ(sf.proxy.url, "http://proxy.example.com:3128");
    EXPECT_EQ(sf.proxy.no_proxy.size(), 3u);
    EXPECT_EQ(sf.login_url, salesforce_config{}.login_url);

    text = uncomment_salesforce_keys(sfc::test::read_file(example_path()),
                                     {"private_key_passphrase_env", "client_secret_env"});
    EXPECT_THAT(load_error(text), ::testing::HasSubstr("applies only to auth: client_credentials"));
}

TEST(config_example, shipped_config_gets_the_default_pipeline) {
    SFC_POSIX_PATHS_ONLY();
    auto config = load_file(example_path(), no_env(), load_options{.check_files = false});
    EXPECT_EQ(config.pipeline.max_events, pipeline_config{}.max_events);
    EXPECT_EQ(config.pipeline.dead_letter_path, "/var/lib/sfcollector/dead-letter.jsonl");
    EXPECT_EQ(config.sinks.at(0).name, "file:/var/log/sfcollector/events.jsonl");
}

}  // namespace
}  // namespace sfc::config
