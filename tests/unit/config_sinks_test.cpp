// Sink configuration: each SIEM sink type parses to the expected structs with its defaults, and
// every operator mistake is one line naming the file, line, field and fix, without secrets.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config/load.hpp"
#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using namespace test_support;

// Lines 1 to 7; the first sink item is on line 8.
const std::string head = salesforce_block + "sinks:\n";

collector_config load(std::string_view sinks, std::map<std::string, std::string> vars = {}) {
    return load_text(head + std::string(sinks), std::move(vars));
}

std::string error_of(std::string_view sinks, std::map<std::string, std::string> vars = {}) {
    return error_text(head + std::string(sinks), std::move(vars));
}

sink_config only_sink(std::string_view sinks) {
    auto config = load(sinks);
    EXPECT_EQ(config.sinks.size(), 1u);
    return config.sinks.at(0);
}

// --- a full config -------------------------------------------------------------------------

TEST(config_sinks, one_sink_of_each_type_becomes_the_expected_structs) {
    SFC_POSIX_PATHS_ONLY();
    auto config = load(R"(  - type: syslog
    name: qradar
    host: SIEM.example.com
    port: 6515
    transport: tls
    framing: octet_counting
    format: leef
    facility: local4
    severity: warning
    app_name: sfc
    hostname: collector-1
    max_message_bytes: 16KiB
    tls:
      ca_file: tls/ca.pem
      cert_file: tls/client.pem
      key_file: tls/client.key
      server_name: qradar.internal
      insecure_skip_verify: false
    batch: {max_events: 100, max_bytes: 256KiB, linger: 250ms}
  - type: elasticsearch
    url: https://ES.example.com:9200/
    index: logs-salesforce-default
    auth: basic
    username: collector
    secret_file: es-password
    gzip: true
    request_timeout: 45s
  - type: splunk_hec
    url: https://splunk.example.com:8088
    index: salesforce
    sourcetype: sfdc:elf
    source: org-prod
    secret_env: HEC_TOKEN
    ack: true
    ack_timeout: 2m
  - type: http
    name: ingest
    url: http://collector.example.com:8080/ingest/
    auth: bearer
    secret_env: INGEST_TOKEN
  - type: file
    path: events.jsonl
  - type: stdout
)");
    ASSERT_EQ(config.sinks.size(), 6u);

    const auto& syslog = config.sinks[0];
    EXPECT_EQ(syslog.type, sink_type::syslog);
    EXPECT_EQ(syslog.name, "qradar");
    EXPECT_EQ(syslog.syslog.host, "siem.example.com");
    EXPECT_EQ(syslog.syslog.port, 6515);
    EXPECT_EQ(syslog.syslog.transport, syslog_transport::tls);
    EXPECT_EQ(syslog.syslog.framing, syslog_framing::octet_counting);
    EXPECT_EQ(syslog.syslog.format, syslog_format::leef);
    EXPECT_EQ(syslog.syslog.facility, 20);
    EXPECT_EQ(syslog.syslog.severity, 4);
    EXPECT_EQ(syslog.syslog.app_name, "sfc");
    EXPECT_EQ(syslog.syslog.hostname, "collector-1");
    EXPECT_EQ(syslog.syslog.max_message_bytes, 16384u);
    EXPECT_EQ(syslog.syslog.tls.ca_file, "/etc/sfcollector/tls/ca.pem");
    EXPECT_EQ(syslog.syslog.tls.cert_file, "/etc/sfcollector/tls/client.pem");
    EXPECT_EQ(syslog.syslog.tls.key_file, "/etc/sfcollector/tls/client.key");
    EXPECT_EQ(syslog.syslog.tls.server_name, "qradar.internal");
    EXPECT_FALSE(syslog.syslog.tls.insecure_skip_verify);
    EXPECT_EQ(syslog.batch_max_events, 100u);
    EXPECT_EQ(syslog.batch_max_bytes, 256u * 1024);
    EXPECT_EQ(syslog.batch_linger, 250ms);

    const auto& es = config.sinks[1];
    EXPECT_EQ(es.type, sink_type::elasticsearch);
    EXPECT_EQ(es.name, "elasticsearch:https://es.example.com:9200");
    EXPECT_EQ(es.http.url, "https://es.example.com:9200");
    EXPECT_EQ(es.http.index, "logs-salesforce-default");
    EXPECT_EQ(es.http.auth, http_auth::basic);
    EXPECT_EQ(es.http.username, "collector");
    EXPECT_EQ(es.http.secret.file, "/etc/sfcollector/es-password");
    EXPECT_TRUE(es.http.secret.env.empty());
    EXPECT_TRUE(es.http.gzip);
    EXPECT_EQ(es.http.request_timeout, 45s);

    const auto& hec = config.sinks[2];
    EXPECT_EQ(hec.type, sink_type::splunk_hec);
    EXPECT_EQ(hec.http.url, "https://splunk.example.com:8088");
    EXPECT_EQ(hec.http.index, "salesforce");
    EXPECT_EQ(hec.http.sourcetype, "sfdc:elf");
    EXPECT_EQ(hec.http.source, "org-prod");
    EXPECT_EQ(hec.http.secret.env, "HEC_TOKEN");
    EXPECT_TRUE(hec.http.secret.file.empty());
    EXPECT_TRUE(hec.http.hec_ack);
    EXPECT_EQ(hec.http.hec_ack_timeout, 120s);

    const auto& http = config.sinks[3];
    EXPECT_EQ(http.type, sink_type::http);
    EXPECT_EQ(http.name, "ingest");
    // A generic endpoint is used as written, trailing slash included.
    EXPECT_EQ(http.http.url, "http://collector.example.com:8080/ingest/");
    EXPECT_EQ(http.http.auth, http_auth::bearer);
    EXPECT_EQ(http.http.secret.env, "INGEST_TOKEN");

    EXPECT_EQ(config.sinks[4].name, "file:/etc/sfcollector/events.jsonl");
    EXPECT_EQ(config.sinks[5].name, "stdout");
}

// --- defaults ------------------------------------------------------------------------------

TEST(config_sinks, syslog_defaults_follow_config_hpp) {
    auto sink = only_sink("  - type: syslog\n    host: siem.example.com\n");
    const syslog_sink_config defaults;
    EXPECT_EQ(sink.syslog.port, 6514);
    EXPECT_EQ(sink.syslog.transport, syslog_transport::tls);
    EXPECT_EQ(sink.syslog.framing, syslog_framing::octet_counting);
    EXPECT_EQ(sink.syslog.format, syslog_format::rfc5424);
    EXPECT_EQ(sink.syslog.facility, defaults.facility);
    EXPECT_EQ(sink.syslog.severity, defaults.severity);
    EXPECT_EQ(sink.syslog.app_name, "sfcollector");
    EXPECT_TRUE(sink.syslog.hostname.empty());
    EXPECT_EQ(sink.syslog.max_message_bytes, defaults.max_message_bytes);
    EXPECT_EQ(sink.name, "syslog:siem.example.com:6514");
    const sink_config sink_defaults;
    EXPECT_EQ(sink.batch_max_events, sink_defaults.batch_max_events);
    EXPECT_EQ(sink.batch_max_bytes, sink_defaults.batch_max_bytes);
    EXPECT_EQ(sink.batch_linger, sink_defaults.batch_linger);
}

TEST(config_sinks, syslog_port_defaults_by_transport) {
    EXPECT_EQ(only_sink("  - {type: syslog, host: h.example, transport: udp}\n").syslog.port, 514);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h.example, transport: tcp}\n").syslog.port, 514);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h.example, transport: TLS}\n").syslog.port, 6514);
    EXPECT_EQ(
        only_sink("  - {type: syslog, host: h.example, transport: udp, port: 1514}\n").syslog.port,
        1514);
}

TEST(config_sinks, syslog_ipv6_host_and_lf_framing_over_tcp) {
    auto sink = only_sink("  - {type: syslog, host: '[FD00::1]', transport: tcp, framing: lf}\n");
    EXPECT_EQ(sink.syslog.host, "fd00::1");
    EXPECT_EQ(sink.syslog.framing, syslog_framing::lf);
    EXPECT_EQ(sink.name, "syslog:[fd00::1]:514");
}

TEST(config_sinks, http_sink_defaults) {
    auto sink = only_sink(
        "  - type: splunk_hec\n    url: https://s.example:8088\n"
        "    secret_env: HEC\n");
    const http_sink_config defaults;
    EXPECT_EQ(sink.http.source, "salesforce");
    EXPECT_TRUE(sink.http.index.empty());
    EXPECT_FALSE(sink.http.hec_ack);
    EXPECT_EQ(sink.http.hec_ack_timeout, defaults.hec_ack_timeout);
    EXPECT_EQ(sink.http.request_timeout, defaults.request_timeout);
    EXPECT_FALSE(sink.http.gzip);
    EXPECT_EQ(sink.http.auth, http_auth::none);
    auto es = only_sink("  - {type: elasticsearch, url: 'http://es:9200', index: logs}\n");
    EXPECT_EQ(es.http.auth, http_auth::none);
    EXPECT_TRUE(es.http.secret.empty());
}

// --- keys that belong to other types -------------------------------------------------------

TEST(config_sinks, option_of_another_type_names_the_types_that_take_it) {
    auto message = error_of("  - type: syslog\n    host: h.example\n    index: logs\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].index")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("applies only to elasticsearch and splunk_hec sinks"),
                      HasSubstr("remove it"),
                      HasSubstr("type: syslog")));

    message = error_of("  - {type: elasticsearch, url: 'https://es', index: x, path: /tmp/x}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].path")));
    EXPECT_THAT(message, HasSubstr("applies only to file sinks"));

    message =
        error_of("  - type: elasticsearch\n    url: https://es\n    index: x\n    ack: true\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].ack")));
    EXPECT_THAT(message, HasSubstr("applies only to splunk_hec sinks"));

    message = error_of("  - type: splunk_hec\n    url: https://s\n    auth: basic\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].auth")));
    EXPECT_THAT(message, HasSubstr("applies only to http and elasticsearch sinks"));

    message = error_of("  - type: stdout\n    tls: {}\n");
    EXPECT_THAT(message, StartsWith(at(9, "sinks[0].tls")));
    EXPECT_THAT(message,
                HasSubstr("applies only to syslog, http, elasticsearch and splunk_hec sinks"));
}

TEST(config_sinks, misspelt_sink_key_suggests_the_right_one) {
    auto message = error_of("  - type: syslog\n    host: h.example\n    tranport: udp\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].tranport")));
    EXPECT_THAT(message, HasSubstr("did you mean 'transport'?"));
    // Swapped letters count as one slip.
    message = error_of("  - type: syslog\n    hots: h\n");
    EXPECT_THAT(message, AllOf(StartsWith(at(9, "sinks[0].hots")), HasSubstr("'host'")));
    // With no close match, only the keys of this sink's type are listed.
    message = error_of("  - type: syslog\n    bogus: h\n");
    EXPECT_THAT(message, AllOf(HasSubstr("max_message_bytes"), Not(HasSubstr("index"))));
}

// --- required values -----------------------------------------------------------------------

TEST(config_sinks, required_values_per_type) {
    auto message = error_of("  - type: syslog\n    port: 514\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].host")));
    EXPECT_THAT(message, AllOf(HasSubstr("needs a host"), HasSubstr("host: siem.example.com")));

    message = error_of("  - type: elasticsearch\n    index: logs\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].url")));
    EXPECT_THAT(message, AllOf(HasSubstr("needs a url"), HasSubstr("url: https://")));

    message = error_of("  - type: elasticsearch\n    url: https://es.example:9200\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].index")));
    EXPECT_THAT(message, AllOf(HasSubstr("needs an index"), HasSubstr("index: logs-")));

    message = error_of("  - type: http\n    url: \"\"\n");
    EXPECT_THAT(message, StartsWith(at(9, "sinks[0].url")));

    message = error_of("  - type: splunk_hec\n    url: https://s.example:8088\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].secret_file")));
    EXPECT_THAT(message, AllOf(HasSubstr("HEC token"), HasSubstr("secret_env")));
}

TEST(config_sinks, missing_type_lists_every_type) {
    auto message = error_of("  - host: h.example\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].type")));
    EXPECT_THAT(message, AllOf(HasSubstr("syslog"), HasSubstr("splunk_hec")));
}

// --- enumerations and ranges ---------------------------------------------------------------

TEST(config_sinks, bad_choices_list_the_choices) {
    auto message = error_of("  - {type: syslog, host: h, transport: quic}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].transport")));
    EXPECT_THAT(message, AllOf(HasSubstr("got 'quic'"), HasSubstr("udp, tcp, tls")));

    message = error_of("  - {type: syslog, host: h, transport: tcp, framing: nul}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].framing"), HasSubstr("octet_counting, lf")));

    message = error_of("  - {type: syslog, host: h, format: json}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].format"), HasSubstr("rfc5424, cef, leef")));

    message = error_of("  - {type: http, url: 'https://h', auth: digest}\n");
    EXPECT_THAT(message,
                AllOf(HasSubstr("sinks[0].auth"), HasSubstr("none, basic, bearer, api_key")));
}

TEST(config_sinks, port_must_be_1_to_65535) {
    for (std::string_view port : {"0", "65536", "http", "-1"}) {
        auto message =
            error_of("  - type: syslog\n    host: h\n    port: " + std::string(port) + "\n");
        EXPECT_THAT(message, StartsWith(at(10, "sinks[0].port"))) << port;
    }
    EXPECT_THAT(error_of("  - {type: syslog, host: h, port: 70000}\n"),
                AllOf(HasSubstr("out of range (1 to 65535)"), HasSubstr("6514 or 514")));
}

TEST(config_sinks, facility_and_severity_take_numbers_or_names) {
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, facility: 23}\n").syslog.facility, 23);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, facility: LOCAL0}\n").syslog.facility, 16);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, facility: authpriv}\n").syslog.facility, 10);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, facility: logaudit}\n").syslog.facility, 13);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, severity: 0}\n").syslog.severity, 0);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, severity: debug}\n").syslog.severity, 7);

    auto message = error_of("  - {type: syslog, host: h, facility: 24}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].facility")));
    EXPECT_THAT(message, AllOf(HasSubstr("out of range (0 to 23)"), HasSubstr("local0")));
    message = error_of("  - {type: syslog, host: h, facility: local8}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].facility"), HasSubstr("0 to 23")));
    message = error_of("  - {type: syslog, host: h, severity: 8}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].severity"), HasSubstr("0 to 7")));
    message = error_of("  - {type: syslog, host: h, severity: loud}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].severity"), HasSubstr("warning")));
}

TEST(config_sinks, max_message_bytes_range_and_udp_limit) {
    EXPECT_EQ(
        only_sink("  - {type: syslog, host: h, max_message_bytes: 480}\n").syslog.max_message_bytes,
        480u);
    EXPECT_EQ(only_sink("  - {type: syslog, host: h, max_message_bytes: 1MiB}\n")
                  .syslog.max_message_bytes,
              1048576u);
    for (std::string_view size : {"479", "1048577", "0"}) {
        auto message =
            error_of("  - {type: syslog, host: h, max_message_bytes: " + std::string(size) + "}\n");
        EXPECT_THAT(message, StartsWith(at(8, "sinks[0].max_message_bytes"))) << size;
        EXPECT_THAT(message, HasSubstr("480 to 1048576")) << size;
    }
    auto message =
        error_of("  - {type: syslog, host: h, transport: udp, max_message_bytes: 65508}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].max_message_bytes"), HasSubstr("UDP")));
}

TEST(config_sinks, syslog_header_fields_follow_rfc5424) {
    auto message = error_of("  - {type: syslog, host: h, app_name: 'sf collector'}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].app_name")));
    EXPECT_THAT(message, HasSubstr("without spaces"));
    message = error_of("  - {type: syslog, host: h, app_name: " + std::string(49, 'a') + "}\n");
    EXPECT_THAT(message, HasSubstr("1 to 48"));
}

TEST(config_sinks, syslog_host_must_be_a_host) {
    auto message = error_of("  - {type: syslog, host: 'siem.example.com:6514'}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].host")));
    EXPECT_THAT(message, AllOf(HasSubstr("contains a port"), HasSubstr("port:")));
    message = error_of("  - {type: syslog, host: 'tcp://siem.example.com'}\n");
    EXPECT_THAT(message, HasSubstr("not a URL"));
}

// --- URLs ----------------------------------------------------------------------------------

TEST(config_sinks, url_must_be_http_or_https_with_a_host) {
    auto message = error_of("  - {type: http, url: 'ftp://h.example/x'}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].url")));
    EXPECT_THAT(message, AllOf(HasSubstr("not http or https"), HasSubstr("https://")));
    message = error_of("  - {type: http, url: 'https://h.example/x?a=1'}\n");
    EXPECT_THAT(message, HasSubstr("query"));
    message = error_of("  - {type: http, url: 'https://:8080/x'}\n");
    EXPECT_THAT(message, HasSubstr("no host"));
    message = error_of("  - {type: http, url: 'es.example.com:9200'}\n");
    EXPECT_THAT(message, HasSubstr("not a URL"));
}

TEST(config_sinks, credentials_in_the_url_are_refused_and_not_echoed) {
    auto message = error_of(
        "  - {type: elasticsearch, url: 'https://elastic:hunter2@es.example:9200', index: x}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].url")));
    EXPECT_THAT(message, AllOf(HasSubstr("credentials"), HasSubstr("secret_file")));
    EXPECT_THAT(message, Not(HasSubstr("hunter2")));
    EXPECT_THAT(message, Not(HasSubstr("elastic:")));
}

// --- secrets -------------------------------------------------------------------------------

TEST(config_sinks, inline_secret_keys_are_refused_without_echoing_the_value) {
    struct secret_case {
        std::string yaml;
        int line;
        std::string field;
    };
    const secret_case cases[] = {
        {"  - type: elasticsearch\n    url: https://es\n    password: hunter2\n",
         10,
         "sinks[0].password"},
        {"  - type: splunk_hec\n    url: https://s\n    token: hunter2\n", 10, "sinks[0].token"},
        {"  - type: http\n    url: https://h\n    api_key: hunter2\n", 10, "sinks[0].api_key"},
        {"  - type: syslog\n    host: h\n    tls:\n      Password: hunter2\n",
         11,
         "sinks[0].tls.Password"},
        {"  - type: splunk_hec\n    url: https://s\n    hec_token: hunter2\n",
         10,
         "sinks[0].hec_token"},
    };
    for (const auto& c : cases) {
        auto message = error_of(c.yaml);
        EXPECT_THAT(message, StartsWith(at(c.line, c.field))) << c.yaml;
        EXPECT_THAT(message, AllOf(HasSubstr("secret_file"), HasSubstr("secret_env"))) << c.yaml;
        EXPECT_THAT(message, Not(HasSubstr("hunter2"))) << c.yaml;
    }
}

TEST(config_sinks, secret_file_and_secret_env_together_are_refused) {
    auto message = error_of(
        "  - type: splunk_hec\n    url: https://s\n    secret_file: t\n    secret_env: T\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].secret_env")));
    EXPECT_THAT(message, AllOf(HasSubstr("both given"), HasSubstr("keep one")));
}

TEST(config_sinks, secret_env_takes_a_name_never_a_value) {
    auto message = error_of("  - {type: splunk_hec, url: 'https://s', secret_env: '${HEC}'}\n",
                            {{"HEC", "hunter2"}});
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].secret_env")));
    EXPECT_THAT(message, AllOf(HasSubstr("name"), HasSubstr("secret_env: ES_PASSWORD")));
    EXPECT_THAT(message, Not(HasSubstr("hunter2")));

    message = error_of("  - {type: splunk_hec, url: 'https://s', secret_env: 'hunter2!'}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].secret_env")));
    EXPECT_THAT(message, Not(HasSubstr("hunter2")));
}

TEST(config_sinks, auth_methods_need_their_credentials) {
    auto message = error_of(
        "  - {type: elasticsearch, url: 'https://es', index: x, auth: basic, "
        "secret_env: P}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].username")));
    EXPECT_THAT(message, HasSubstr("needs a username"));

    message = error_of(
        "  - type: elasticsearch\n    url: https://es\n    index: x\n"
        "    auth: basic\n    username: u\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].secret_file")));
    EXPECT_THAT(message, AllOf(HasSubstr("auth: basic needs a password"), HasSubstr("secret_env")));

    message = error_of("  - {type: http, url: 'https://h', auth: api_key}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("auth: api_key needs"), HasSubstr("secret_file")));

    message = error_of("  - type: http\n    url: https://h\n    secret_env: TOKEN\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].secret_env")));
    EXPECT_THAT(message, AllOf(HasSubstr("auth is none"), HasSubstr("auth: basic, bearer")));

    message = error_of(
        "  - type: http\n    url: https://h\n    auth: bearer\n"
        "    username: u\n    secret_env: T\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].username")));
    EXPECT_THAT(message, HasSubstr("only to auth: basic"));
}

// --- TLS -----------------------------------------------------------------------------------

TEST(config_sinks, client_certificate_needs_both_files) {
    auto message = error_of("  - type: syslog\n    host: h\n    tls:\n      cert_file: c.pem\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].tls.cert_file")));
    EXPECT_THAT(message, AllOf(HasSubstr("without key_file"), HasSubstr("add key_file")));
    message = error_of("  - type: syslog\n    host: h\n    tls:\n      key_file: k.pem\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].tls.key_file")));
    EXPECT_THAT(message, HasSubstr("without cert_file"));
}

TEST(config_sinks, tls_only_where_there_is_tls) {
    auto message = error_of("  - type: syslog\n    host: h\n    transport: udp\n    tls: {}\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].tls")));
    EXPECT_THAT(message, HasSubstr("transport: tls"));
    message = error_of("  - type: http\n    url: http://h\n    tls: {ca_file: ca.pem}\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].tls")));
    EXPECT_THAT(message, HasSubstr("https://"));
}

TEST(config_sinks, lf_framing_is_refused_over_tls_and_framing_over_udp) {
    auto message = error_of("  - type: syslog\n    host: h\n    framing: lf\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].framing")));
    EXPECT_THAT(message, AllOf(HasSubstr("not allowed with transport: tls"), HasSubstr("5425")));
    message = error_of("  - {type: syslog, host: h, transport: udp, framing: octet_counting}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].framing"), HasSubstr("UDP")));
}

TEST(config_sinks, tls_unknown_key_is_named) {
    auto message = error_of("  - type: syslog\n    host: h\n    tls:\n      ca_fil: x\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].tls.ca_fil")));
    EXPECT_THAT(message, HasSubstr("did you mean 'ca_file'?"));
}

// --- names, batching, HTTP options ---------------------------------------------------------

TEST(config_sinks, sink_names_must_be_unique) {
    auto message = error_of("  - {type: stdout, name: a}\n  - {type: syslog, host: h, name: a}\n");
    EXPECT_THAT(message, StartsWith(at(9, "sinks[1].name")));
    EXPECT_THAT(message, AllOf(HasSubstr("also used by sinks[0] (line 8)"), HasSubstr("own name")));

    message = error_of("  - type: stdout\n  - type: stdout\n");
    EXPECT_THAT(message, StartsWith(at(9, "sinks[1].name")));
    EXPECT_THAT(message, HasSubstr("same place"));

    auto config = load("  - type: stdout\n  - {type: stdout, name: copy}\n");
    EXPECT_EQ(config.sinks.at(1).name, "copy");
}

TEST(config_sinks, sink_name_is_plain) {
    auto message = error_of("  - {type: stdout, name: 'my sink'}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].name")));
    EXPECT_THAT(message, HasSubstr("letters, digits"));
}

TEST(config_sinks, batch_limits_must_be_positive) {
    auto message = error_of("  - type: stdout\n    batch:\n      max_events: 0\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].batch.max_events")));
    EXPECT_THAT(message, HasSubstr("out of range (1 to"));
    message = error_of("  - type: stdout\n    batch:\n      max_bytes: 0\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].batch.max_bytes")));
    message = error_of("  - type: stdout\n    batch:\n      max_bytes: 1MB\n");
    EXPECT_THAT(message, AllOf(HasSubstr("ambiguous"), HasSubstr("MiB")));
    message = error_of("  - type: stdout\n    batch:\n      linger: 2h\n");
    EXPECT_THAT(message, StartsWith(at(10, "sinks[0].batch.linger")));
    message = error_of("  - type: stdout\n    batch:\n      max_event: 5\n");
    EXPECT_THAT(message, HasSubstr("did you mean 'max_events'?"));
    EXPECT_EQ(only_sink("  - {type: stdout, batch: {linger: 0}}\n").batch_linger, 0ms);
}

TEST(config_sinks, http_options_are_checked) {
    auto message = error_of(
        "  - type: splunk_hec\n    url: https://s\n    secret_env: T\n"
        "    ack_timeout: 60s\n");
    EXPECT_THAT(message, StartsWith(at(11, "sinks[0].ack_timeout")));
    EXPECT_THAT(message, HasSubstr("only with ack: true"));
    message = error_of("  - {type: http, url: 'https://h', request_timeout: 0}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].request_timeout"), HasSubstr("zero")));
    message = error_of("  - {type: elasticsearch, url: 'https://es', index: Logs}\n");
    EXPECT_THAT(message, StartsWith(at(8, "sinks[0].index")));
    EXPECT_THAT(message, HasSubstr("Elasticsearch index name"));
    message = error_of("  - {type: splunk_hec, url: 'https://s', secret_env: T, index: _x}\n");
    EXPECT_THAT(message, HasSubstr("Splunk index name"));
    message = error_of("  - {type: http, url: 'https://h', gzip: maybe}\n");
    EXPECT_THAT(message, AllOf(HasSubstr("sinks[0].gzip"), HasSubstr("true or false")));
}

TEST(config_sinks, one_sink_shorthand_names_fields_without_an_index) {
    std::string yaml = head.substr(0, head.size() - std::string_view("sinks:\n").size()) +
                       "sink:\n  type: syslog\n  index: x\n";
    try {
        load_string(yaml, config_name, env_of({}), load_options{.check_files = false});
        FAIL() << "no error";
    } catch (const config_error& e) {
        EXPECT_THAT(e.what(), StartsWith(at(9, "sink.index")));
    }
}

}  // namespace
}  // namespace sfc::config
