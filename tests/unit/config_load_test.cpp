// The loader: a valid file becomes the expected structs, and every operator mistake becomes one
// line naming the file, line, field and fix.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include <map>
#include <string>

#include "config/load.hpp"
#include "config_test_support.hpp"
#include "pki/test_pki.hpp"
#include "platform/paths.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using namespace test_support;

collector_config load(std::string_view yaml, std::map<std::string, std::string> vars = {}) {
    return load_text(yaml, std::move(vars));
}

/// The message of the config_error `yaml` must cause.
std::string error_of(std::string_view yaml, std::map<std::string, std::string> vars = {}) {
    return error_text(yaml, std::move(vars));
}

/// salesforce_block with the line for `key` replaced (or removed when `line` is empty).
std::string salesforce_with(std::string_view key, std::string_view line) {
    std::string out;
    std::string_view rest = salesforce_block;
    while (!rest.empty()) {
        auto end = rest.find('\n') + 1;
        std::string_view current = rest.substr(0, end);
        rest.remove_prefix(end);
        bool match = current.starts_with("  " + std::string(key) + ":");
        if (!match) out += current;
        if (match && !line.empty()) out += "  " + std::string(line) + "\n";
    }
    return out;
}

TEST(config_load, complete_config_becomes_the_expected_structs) {
    auto config = load(R"(salesforce:
  private_key: /secure/server.pem
  username: integration@example.com
  client_id: 3MVG9abc.def_123
  instance_url: https://Company.My.Salesforce.com/
  api_version: v62.0
  login_url: https://test.salesforce.com
  audience: https://test.salesforce.com/
  ca_file: ca/proxy.pem
  tls_insecure_skip_verify: true
event_log_file:
  enabled: false
  event_types: [Login, URI, SomeFutureType_2]
  interval: daily
  settle: 5m
collection:
  poll_interval: 90
  initial_lookback: 2d
  jitter: 0.25
state_dir: state
log_level: DEBUG
sinks:
  - type: file
    path: /var/log/sfc/events.jsonl
    fsync: false
  - type: stdout
)");
    const auto& sf = only_org(config).salesforce;
    EXPECT_EQ(sf.private_key, "/secure/server.pem");
    EXPECT_EQ(sf.username, "integration@example.com");
    EXPECT_EQ(sf.client_id, "3MVG9abc.def_123");
    EXPECT_EQ(sf.instance_url, "https://company.my.salesforce.com");
    EXPECT_EQ(sf.api_version, "62.0");
    EXPECT_EQ(sf.login_url, "https://test.salesforce.com");
    EXPECT_EQ(sf.audience, "https://test.salesforce.com");
    EXPECT_EQ(sf.ca_file, "/etc/sfcollector/ca/proxy.pem");
    EXPECT_TRUE(sf.tls_insecure_skip_verify);
    EXPECT_FALSE(only_org(config).event_log_file.enabled);
    EXPECT_THAT(only_org(config).event_log_file.event_types,
                ::testing::ElementsAre("Login", "URI", "SomeFutureType_2"));
    EXPECT_EQ(only_org(config).event_log_file.interval, elf_interval::daily);
    EXPECT_EQ(only_org(config).event_log_file.settle, 5min);
    EXPECT_EQ(config.collection.poll_interval, 90s);
    EXPECT_EQ(config.collection.initial_lookback, 48h);
    EXPECT_DOUBLE_EQ(config.collection.jitter, 0.25);
    EXPECT_EQ(config.state_dir, "/etc/sfcollector/state");
    EXPECT_EQ(config.logging.level, log_level::debug);
    ASSERT_EQ(config.sinks.size(), 2u);
    EXPECT_EQ(config.sinks[0].type, sink_type::file);
    EXPECT_EQ(config.sinks[0].path, "/var/log/sfc/events.jsonl");
    EXPECT_FALSE(config.sinks[0].fsync);
    EXPECT_EQ(config.sinks[1].type, sink_type::stdout_lines);
    EXPECT_EQ(config.source_path, config_name);
}

TEST(config_load, only_the_five_values_gives_the_defaults) {
    auto config = load(salesforce_block);
    const collector_config defaults;
    EXPECT_EQ(only_org(config).salesforce.login_url, "https://login.salesforce.com");
    EXPECT_EQ(only_org(config).salesforce.audience, "https://login.salesforce.com");
    EXPECT_TRUE(only_org(config).salesforce.ca_file.empty());
    EXPECT_FALSE(only_org(config).salesforce.tls_insecure_skip_verify);
    EXPECT_EQ(only_org(config).event_log_file.enabled, event_log_file_config{}.enabled);
    EXPECT_EQ(only_org(config).event_log_file.event_types, event_log_file_config{}.event_types);
    EXPECT_EQ(only_org(config).event_log_file.interval, elf_interval::hourly);
    EXPECT_EQ(config.collection.poll_interval, 5min);
    EXPECT_EQ(config.collection.initial_lookback, 7 * 24h);
    EXPECT_DOUBLE_EQ(config.collection.jitter, 0.1);
    EXPECT_EQ(config.state_dir, sfc::platform::default_state_dir());
    EXPECT_EQ(config.logging.level, log_level::info);
    ASSERT_EQ(config.sinks.size(), 1u);
    EXPECT_EQ(config.sinks[0].type, sink_type::stdout_lines);
}

TEST(config_load, audience_defaults_to_a_custom_login_url) {
    auto config = load(salesforce_block + "  login_url: https://test.salesforce.com\n");
    EXPECT_EQ(only_org(config).salesforce.audience, "https://test.salesforce.com");
}

TEST(config_load, empty_sections_keep_their_defaults) {
    auto config = load(salesforce_block + "event_log_file:\ncollection:\n");
    EXPECT_EQ(config.collection.poll_interval, 5min);
    EXPECT_TRUE(only_org(config).event_log_file.enabled);
}

// --- paths ---------------------------------------------------------------------------------

TEST(config_load, relative_paths_resolve_against_the_config_folder) {
    auto config = load(salesforce_block + R"(  ca_file: ./tls/../tls/ca.pem
state_dir: var/state
sink:
  type: file
  path: ../logs/events.jsonl
)");
    EXPECT_EQ(only_org(config).salesforce.private_key, "/etc/sfcollector/keys/server.pem");
    EXPECT_EQ(only_org(config).salesforce.ca_file, "/etc/sfcollector/tls/ca.pem");
    EXPECT_EQ(config.state_dir, "/etc/sfcollector/var/state");
    EXPECT_EQ(config.sinks.at(0).path, "/etc/logs/events.jsonl");
}

TEST(config_load, load_file_resolves_relative_paths_against_the_file_folder) {
    auto dir = sfc::test::make_temp_dir("sfc-config-load");
    std::filesystem::create_directories(dir / "conf");
    sfc::test::write_file(dir / "conf" / "sfcollector.yaml", salesforce_block);
    auto config = load_file(
        dir / "conf" / "sfcollector.yaml", env_of({}), load_options{.check_files = false});
    EXPECT_EQ(only_org(config).salesforce.private_key, dir / "conf" / "keys" / "server.pem");
    EXPECT_EQ(config.source_path, dir / "conf" / "sfcollector.yaml");
    std::filesystem::remove_all(dir);
}

TEST(config_load, missing_config_file_names_the_path) {
    try {
        load_file("/nonexistent/sfcollector.yaml", env_of({}));
        FAIL() << "no error";
    } catch (const config_error& e) {
        EXPECT_THAT(e.what(),
                    AllOf(StartsWith("/nonexistent/sfcollector.yaml: "),
                          HasSubstr("cannot open"),
                          HasSubstr("--config")));
    }
}

// --- YAML itself ---------------------------------------------------------------------------

TEST(config_load, yaml_syntax_error_gives_line_and_column) {
    auto message = error_of("salesforce:\n  username: [a, b\n  client_id: x\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:"));
    EXPECT_THAT(message, HasSubstr("YAML syntax error"));
    // std::regex: gtest's own regex has no bracket expressions on Windows.
    EXPECT_TRUE(
        std::regex_search(message, std::regex(R"(\.yaml:[0-9]+:[0-9]+: YAML syntax error: )")))
        << message;
}

TEST(config_load, tab_indentation_is_a_syntax_error_on_its_line) {
    auto message = error_of("salesforce:\n  username: a\n\tclient_id: x\n");
    EXPECT_THAT(message, HasSubstr("YAML syntax error"));
    EXPECT_THAT(message, HasSubstr("sfcollector.yaml:3:"));
}

TEST(config_load, empty_file_is_an_error) {
    for (std::string_view yaml : {"", "   \n", "# only a comment\n"}) {
        EXPECT_THAT(error_of(yaml),
                    AllOf(StartsWith("/etc/sfcollector/sfcollector.yaml: "),
                          HasSubstr("empty"),
                          HasSubstr("config/sfcollector.yaml")));
    }
}

TEST(config_load, second_yaml_document_is_rejected) {
    EXPECT_EQ(only_org(load("---\n" + salesforce_block)).salesforce.api_version, "64.0");
    // The line of the second document's own '---', the one to remove.
    auto message = error_of(salesforce_block + "---\nlog_level: debug\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: "));
    EXPECT_THAT(message, AllOf(HasSubstr("more than one YAML document"), HasSubstr("'---'")));
}

TEST(config_load, document_that_is_not_a_mapping_is_an_error) {
    EXPECT_THAT(error_of("- a\n- b\n"),
                AllOf(HasSubstr("expected a mapping"), HasSubstr("a list")));
    EXPECT_THAT(error_of("just text\n"), HasSubstr("expected a mapping"));
}

TEST(config_load, duplicate_key_names_both_lines) {
    auto message = error_of(salesforce_block + "log_level: info\nlog_level: debug\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:8: log_level: "));
    EXPECT_THAT(message, AllOf(HasSubstr("twice"), HasSubstr("line 7"), HasSubstr("keep one")));
}

// --- unknown keys --------------------------------------------------------------------------

TEST(config_load, misspelt_key_suggests_the_right_one) {
    auto message = error_of(salesforce_with("username", "usrname: integration@example.com"));
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:3: salesforce.usrname: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("unknown key"),
                      HasSubstr("did you mean 'username'?"),
                      Not(HasSubstr("case-sensitive"))));
}

TEST(config_load, key_with_wrong_case_suggests_the_snake_case_key) {
    auto message = error_of(salesforce_block + "Log_Level: info\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: Log_Level: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("case-sensitive"), HasSubstr("did you mean 'log_level'?")));
}

TEST(config_load, unrelated_unknown_key_lists_the_allowed_keys) {
    auto message = error_of(salesforce_block + "collection:\n  frobnicate: 3\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: collection.frobnicate: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("unknown key"),
                      Not(HasSubstr("did you mean")),
                      HasSubstr("poll_interval, initial_lookback, jitter")));
}

TEST(config_load, unknown_key_in_a_sink_is_named_with_its_index) {
    auto message = error_of(salesforce_block +
                            "sinks:\n  - type: stdout\n  - type: file\n"
                            "    pth: /tmp/x\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:10: sinks[1].pth: "));
    EXPECT_THAT(message, HasSubstr("did you mean 'path'?"));
}

// --- required values -----------------------------------------------------------------------

struct required_case {
    std::string key;
    std::string hint;
};

class config_required : public ::testing::TestWithParam<required_case> {};

TEST_P(config_required, missing_value_says_what_it_is_and_where_to_find_it) {
    auto message = error_of(salesforce_with(GetParam().key, ""));
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:1: salesforce." + GetParam().key +
                           ": required value is missing"));
    EXPECT_THAT(message, HasSubstr(GetParam().hint));
}

TEST_P(config_required, empty_value_points_at_its_own_line) {
    auto message = error_of(salesforce_with(GetParam().key, GetParam().key + ": \"\""));
    EXPECT_THAT(message, HasSubstr("salesforce." + GetParam().key + ": required value"));
    EXPECT_THAT(message, HasSubstr(GetParam().hint));
    EXPECT_THAT(message, Not(HasSubstr("sfcollector.yaml:1:")));
}

INSTANTIATE_TEST_SUITE_P(
    five_values,
    config_required,
    ::testing::Values(
        required_case{"private_key",
                      "'Creating a Private Key and Self-Signed Digital Certificate', Step 6"},
        required_case{"username", "Setup → Users"},
        required_case{"client_id",
                      "the Consumer Key: see 'How to Find Client ID (Consumer Key)' in the "
                      "set-up guide"},
        required_case{"instance_url", "Current My Domain URL (Setup → My Domain)"},
        required_case{"api_version", "\"64.0\" (Setup → Apex Classes, Api Version column)"}),
    [](const auto& info) { return info.param.key; });

TEST(config_load, missing_salesforce_section_names_the_five_values_and_orgs) {
    auto message = error_of("log_level: info\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml: salesforce: "));
    EXPECT_THAT(message,
                HasSubstr("private_key, username, client_id, instance_url and api_version"));
    EXPECT_THAT(message, HasSubstr("or list several orgs under orgs:"));
}

TEST(config_load, salesforce_section_that_is_not_a_mapping_is_a_type_error) {
    auto message = error_of("salesforce: yes\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:1: salesforce: "));
    EXPECT_THAT(message, HasSubstr("expected a mapping"));
}

// --- URLs ----------------------------------------------------------------------------------

TEST(config_load, http_instance_url_is_rejected_with_the_fix) {
    auto message =
        error_of(salesforce_with("instance_url", "instance_url: http://company.my.salesforce.com"));
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:5: salesforce.instance_url: "));
    EXPECT_THAT(message, AllOf(HasSubstr("only HTTPS"), HasSubstr("write https://")));
}

TEST(config_load, instance_url_with_a_path_is_rejected) {
    auto message = error_of(salesforce_with(
        "instance_url", "instance_url: https://company.my.salesforce.com/services/data"));
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:5: salesforce.instance_url: "));
    EXPECT_THAT(message, AllOf(HasSubstr("path"), HasSubstr("remove everything after the host")));
}

TEST(config_load, bad_login_url_is_named) {
    auto message = error_of(salesforce_block + "  login_url: https://login.salesforce.com?x=1\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: salesforce.login_url: "));
    EXPECT_THAT(message, HasSubstr("query"));
}

TEST(config_load, loopback_url_with_port_is_accepted) {
    auto config = load(salesforce_with("instance_url", "instance_url: https://127.0.0.1:8443/"));
    EXPECT_EQ(only_org(config).salesforce.instance_url, "https://127.0.0.1:8443");
}

// --- API version ---------------------------------------------------------------------------

TEST(config_load, api_version_as_a_yaml_number_is_accepted) {
    EXPECT_EQ(
        only_org(load(salesforce_with("api_version", "api_version: 64.0"))).salesforce.api_version,
        "64.0");
}

TEST(config_load, api_version_before_37_is_rejected) {
    auto message = error_of(salesforce_with("api_version", "api_version: 36.0"));
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:6: salesforce.api_version: "));
    EXPECT_THAT(message, AllOf(HasSubstr("Interval and Sequence"), HasSubstr("37.0 or later")));
}

TEST(config_load, api_version_without_minor_part_is_rejected) {
    auto message = error_of(salesforce_with("api_version", "api_version: 64"));
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:6: salesforce.api_version: "));
    EXPECT_THAT(message, HasSubstr("\"64.0\""));
}

// --- types ---------------------------------------------------------------------------------

TEST(config_load, list_where_a_string_is_expected_is_a_type_error) {
    auto message = error_of(salesforce_with("username", "username: [a, b]"));
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:3: salesforce.username: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("expected a single value, found a list"), HasSubstr("one value")));
}

TEST(config_load, non_boolean_is_rejected) {
    auto message = error_of(salesforce_block + "  tls_insecure_skip_verify: yes\n");
    EXPECT_THAT(
        message,
        StartsWith("/etc/sfcollector/sfcollector.yaml:7: salesforce.tls_insecure_skip_verify: "));
    EXPECT_THAT(message, AllOf(HasSubstr("not a boolean (got 'yes')"), HasSubstr("true or false")));
}

TEST(config_load, scalar_where_a_list_is_expected_is_a_type_error) {
    auto message = error_of(salesforce_block + "event_log_file:\n  event_types: Login\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: event_log_file.event_types: "));
    EXPECT_THAT(message, AllOf(HasSubstr("expected a list"), HasSubstr("[A, B]")));
}

// --- event_log_file ------------------------------------------------------------------------

TEST(config_load, bad_interval_lists_the_choices) {
    auto message = error_of(salesforce_block + "event_log_file:\n  interval: weekly\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: event_log_file.interval: "));
    EXPECT_THAT(message, AllOf(HasSubstr("'weekly'"), HasSubstr("Hourly, Daily")));
}

TEST(config_load, empty_event_types_is_rejected) {
    auto message = error_of(salesforce_block + "event_log_file:\n  event_types: []\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: event_log_file.event_types: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("empty"), HasSubstr("write all"), HasSubstr("enabled: false")));
}

TEST(config_load, event_type_that_would_break_soql_is_rejected) {
    auto message = error_of(salesforce_block +
                            "event_log_file:\n  event_types:\n    - Login\n"
                            "    - \"URI' OR Id != ''\"\n");
    EXPECT_THAT(
        message,
        StartsWith("/etc/sfcollector/sfcollector.yaml:10: event_log_file.event_types[1]: "));
    EXPECT_THAT(message, AllOf(HasSubstr("letters, digits and '_'"), HasSubstr("API name")));
}

TEST(config_load, event_types_all_means_every_type) {
    for (std::string_view value : {"all", "ALL", "[all]", "[All]"}) {
        auto config =
            load(salesforce_block + "event_log_file:\n  event_types: " + std::string(value) + "\n");
        EXPECT_THAT(only_org(config).event_log_file.event_types, ::testing::IsEmpty()) << value;
    }
    EXPECT_THAT(only_org(load(salesforce_block)).event_log_file.event_types, ::testing::IsEmpty());
}

TEST(config_load, event_types_all_with_other_types_is_rejected) {
    auto message = error_of(salesforce_block + "event_log_file:\n  event_types: [Login, all]\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: event_log_file.event_types[1]: "));
    EXPECT_THAT(message, AllOf(HasSubstr("'all' is listed with other"), HasSubstr("alone")));
}

TEST(config_load, repeated_event_type_is_rejected) {
    auto message = error_of(salesforce_block + "event_log_file:\n  event_types: [URI, URI]\n");
    EXPECT_THAT(message,
                HasSubstr("event_log_file.event_types[1]: the event type is listed twice"));
}

// --- collection ----------------------------------------------------------------------------

TEST(config_load, bad_duration_explains_the_format) {
    auto message = error_of(salesforce_block + "collection:\n  poll_interval: 5 minutes\n");
    EXPECT_THAT(message,
                StartsWith("/etc/sfcollector/sfcollector.yaml:8: collection.poll_interval: "));
    EXPECT_THAT(message, AllOf(HasSubstr("not a duration"), HasSubstr("30s, 5m, 1h, 7d")));
}

TEST(config_load, zero_poll_interval_is_rejected) {
    auto message = error_of(salesforce_block + "collection:\n  poll_interval: 0s\n");
    EXPECT_THAT(message, HasSubstr(":8: collection.poll_interval: the poll interval is zero"));
}

TEST(config_load, jitter_out_of_range_is_rejected) {
    for (std::string_view value : {"0.6", "-0.1", "nan", "lots"}) {
        auto message =
            error_of(salesforce_block + "collection:\n  jitter: " + std::string(value) + "\n");
        EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:8: collection.jitter: "))
            << value;
        EXPECT_THAT(message, HasSubstr("from 0 to 0.5")) << value;
    }
}

// --- top level -----------------------------------------------------------------------------

TEST(config_load, bad_log_level_lists_the_levels) {
    auto message = error_of(salesforce_block + "log_level: verbose\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: log_level: "));
    EXPECT_THAT(message, HasSubstr("trace, debug, info, warn, error"));
}

// --- sinks ---------------------------------------------------------------------------------

TEST(config_load, single_sink_is_an_alias_of_a_one_item_list) {
    auto config = load(salesforce_block + "sink:\n  type: file\n  path: /var/log/e.jsonl\n");
    ASSERT_EQ(config.sinks.size(), 1u);
    EXPECT_EQ(config.sinks[0].type, sink_type::file);
    EXPECT_EQ(config.sinks[0].path, "/var/log/e.jsonl");
    EXPECT_TRUE(config.sinks[0].fsync);
}

TEST(config_load, sink_and_sinks_together_are_rejected) {
    auto message = error_of(salesforce_block + "sinks:\n  - type: stdout\nsink:\n  type: stdout\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:9: sink: "));
    EXPECT_THAT(message, AllOf(HasSubstr("both"), HasSubstr("keep one")));
}

TEST(config_load, bad_sink_type_lists_the_types) {
    auto message = error_of(salesforce_block + "sinks:\n  - type: kafka\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:8: sinks[0].type: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("not a sink type"),
                      HasSubstr("file, stdout, syslog, http, elasticsearch, splunk_hec")));
}

TEST(config_load, sink_without_type_is_rejected) {
    auto message = error_of(salesforce_block + "sink:\n  path: /tmp/x\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: sink.type: "));
    EXPECT_THAT(message, HasSubstr("type: file"));
}

TEST(config_load, file_sink_without_path_is_rejected) {
    auto message = error_of(salesforce_block + "sinks:\n  - type: file\n    fsync: true\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:8: sinks[0].path: "));
    EXPECT_THAT(message, AllOf(HasSubstr("needs a path"), HasSubstr("path: /var/log/")));
}

TEST(config_load, stdout_sink_with_a_path_is_rejected) {
    auto message = error_of(salesforce_block + "sinks:\n  - type: stdout\n    path: /tmp/x\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:9: sinks[0].path: "));
    EXPECT_THAT(message, HasSubstr("only to file sinks"));
}

TEST(config_load, empty_sinks_list_is_rejected) {
    auto message = error_of(salesforce_block + "sinks: []\n");
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: sinks: "));
    EXPECT_THAT(message, HasSubstr("at least one"));
}

// --- environment variables -----------------------------------------------------------------

TEST(config_load, env_variables_expand_before_conversion) {
    auto config = load(salesforce_with("client_id", "client_id: ${SF_CLIENT}") +
                           "  tls_insecure_skip_verify: ${SKIP:-false}\n"
                           "collection:\n  poll_interval: ${POLL}\n"
                           "state_dir: /data/$${literal}\n",
                       {{"SF_CLIENT", "3MVG9fromenv"}, {"POLL", "10m"}});
    EXPECT_EQ(only_org(config).salesforce.client_id, "3MVG9fromenv");
    EXPECT_FALSE(only_org(config).salesforce.tls_insecure_skip_verify);
    EXPECT_EQ(config.collection.poll_interval, 10min);
    EXPECT_EQ(config.state_dir, "/data/${literal}");
}

TEST(config_load, env_variable_in_a_list_item_expands) {
    auto config = load(salesforce_block + "event_log_file:\n  event_types: [Login, \"${EXTRA}\"]\n",
                       {{"EXTRA", "ApexCallout"}});
    EXPECT_THAT(only_org(config).event_log_file.event_types,
                ::testing::ElementsAre("Login", "ApexCallout"));
}

TEST(config_load, unset_env_variable_names_the_variable_and_line) {
    auto message = error_of(salesforce_with("client_id", "client_id: ${SF_CLIENT_ID}"));
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:4: salesforce.client_id: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("SF_CLIENT_ID is not set"), HasSubstr("${SF_CLIENT_ID:-")));
}

TEST(config_load, value_from_env_is_never_echoed) {
    auto message =
        error_of(salesforce_block + "log_level: ${LEVEL}\n", {{"LEVEL", "s3cr3t-value"}});
    EXPECT_THAT(message, StartsWith("/etc/sfcollector/sfcollector.yaml:7: log_level: "));
    EXPECT_THAT(message, Not(HasSubstr("s3cr3t")));
    EXPECT_THAT(message, HasSubstr("environment variable, not shown"));
}

TEST(config_load, env_variable_expanding_to_empty_leaves_an_optional_default) {
    auto config = load(salesforce_block + "  ca_file: ${CA_FILE:-}\n", {});
    EXPECT_TRUE(only_org(config).salesforce.ca_file.empty());
}

TEST(config_load, required_value_from_an_empty_env_variable_is_missing) {
    auto message = error_of(salesforce_with("username", "username: ${SF_USER}"), {{"SF_USER", ""}});
    EXPECT_THAT(message, HasSubstr(":3: salesforce.username: required value is missing"));
}

}  // namespace
}  // namespace sfc::config
