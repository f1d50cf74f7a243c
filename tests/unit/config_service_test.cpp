// The keys about the collector itself: log_level, log_format, log_file, metrics, and
// salesforce.certificate; and one message per mistaken part of the file.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/load.hpp"
#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using ::testing::HasSubstr;
using namespace test_support;

TEST(config_service, defaults_are_text_logs_to_stderr_and_no_metrics) {
    const auto c = load_text(salesforce_block);
    EXPECT_EQ(c.logging.level, log_level::info);
    EXPECT_EQ(c.logging.format, log_format::text);
    EXPECT_TRUE(c.logging.file.empty());
    EXPECT_FALSE(c.metrics.enabled());
    EXPECT_TRUE(only_org(c).salesforce.certificate.empty());
}

TEST(config_service, logging_keys) {
    SFC_POSIX_PATHS_ONLY();
    auto c = load_text(salesforce_block +
                       "log_level: debug\nlog_format: json\nlog_file: /var/log/sfcollector/x.log\n");
    EXPECT_EQ(c.logging.level, log_level::debug);
    EXPECT_EQ(c.logging.format, log_format::json);
    EXPECT_EQ(c.logging.file, "/var/log/sfcollector/x.log");
    c = load_text(salesforce_block +
                  "log_file:\n  path: logs/sfc.log\n  max_size: 1MiB\n  max_files: 3\n");
    EXPECT_EQ(c.logging.file, "/etc/sfcollector/logs/sfc.log");
    EXPECT_EQ(c.logging.max_size, 1u << 20);
    EXPECT_EQ(c.logging.max_files, 3u);
    EXPECT_THAT(error_text(salesforce_block + "log_format: xml\n"), HasSubstr("log_format"));
    EXPECT_THAT(error_text(salesforce_block + "log_file:\n  max_files: 3\n"),
                HasSubstr("log_file needs a path"));
}

TEST(config_service, metrics_listen_forms) {
    auto c = load_text(salesforce_block + "metrics:\n  listen: 127.0.0.1:9464\n");
    EXPECT_EQ(c.metrics.host, "127.0.0.1");
    EXPECT_EQ(c.metrics.port, 9464);
    c = load_text(salesforce_block + "metrics:\n  listen: \"9464\"\n");
    EXPECT_EQ(c.metrics.host, "127.0.0.1");  // a bare port stays on loopback
    c = load_text(salesforce_block + "metrics:\n  listen: \"[::1]:9100\"\n");
    EXPECT_EQ(c.metrics.host, "::1");
    EXPECT_EQ(c.metrics.port, 9100);
    EXPECT_THAT(error_text(salesforce_block + "metrics:\n  listen: localhost:9464\n"),
                HasSubstr("metrics.listen: the host is not an IP address"));
    EXPECT_THAT(error_text(salesforce_block + "metrics:\n  listen: 127.0.0.1\n"),
                HasSubstr("metrics.listen"));
    EXPECT_THAT(error_text(salesforce_block + "metrics:\n  port: 9464\n"), HasSubstr("port"));
}

TEST(config_service, the_certificate_is_read_for_check) {
    SFC_POSIX_PATHS_ONLY();
    const auto c = load_text(salesforce_block + "  certificate: keys/server.crt\n");
    EXPECT_EQ(only_org(c).salesforce.certificate, "/etc/sfcollector/keys/server.crt");
}

TEST(config_service, every_part_with_a_mistake_is_reported) {
    const auto text = error_text(salesforce_block +
                                 "collection:\n  poll_interval: often\n"
                                 "sinks:\n  - type: carrier_pigeon\n"
                                 "metrics:\n  listen: nowhere\n");
    EXPECT_THAT(text, HasSubstr("collection.poll_interval"));
    EXPECT_THAT(text, HasSubstr("carrier_pigeon"));
    EXPECT_THAT(text, HasSubstr("metrics.listen"));
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
}

}  // namespace
}  // namespace sfc::config
