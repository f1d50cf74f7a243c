// With check_files on, the files a sink names (CA bundle, client certificate and key, secret
// file) must be readable regular files, reported against the config line that named them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/load.hpp"
#include "config_test_support.hpp"
#include "pki/test_pki.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

env_lookup no_env() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

/// A config folder with a valid key and `sinks` after line 7 ("sinks:"); the first item is on
/// line 8.
class config_sink_files : public ::testing::Test {
protected:
    void SetUp() override {
        sfc::test::write_file(dir_ / "server.pem", sfc::test::make_rsa_identity().key_pem);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path write_config(std::string_view sinks) {
        std::string yaml =
            "salesforce:\n"
            "  private_key: server.pem\n"
            "  username: integration@example.com\n"
            "  client_id: 3MVG9abc\n"
            "  instance_url: https://company.my.salesforce.com\n"
            "  api_version: \"64.0\"\n"
            "sinks:\n" +
            std::string(sinks);
        auto path = dir_ / "sfcollector.yaml";
        sfc::test::write_file(path, yaml);
        return path;
    }

    std::string error_of(const std::filesystem::path& config) {
        try {
            load_file(config, no_env());
        } catch (const config_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "no config_error";
        return {};
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-config-sink-files");
};

TEST_F(config_sink_files, readable_files_are_accepted_relative_to_the_config) {
    auto pki = sfc::test::make_tls_pki();
    std::filesystem::create_directories(dir_ / "tls");
    sfc::test::write_file(dir_ / "tls" / "ca.pem", pki.ca_cert_pem);
    sfc::test::write_file(dir_ / "tls" / "client.pem", pki.client_cert_pem);
    sfc::test::write_file(dir_ / "tls" / "client.key", pki.client_key_pem);
    sfc::test::write_file(dir_ / "hec-token", "token\n");
    auto config = load_file(write_config(R"(  - type: splunk_hec
    url: https://splunk.example:8088
    secret_file: hec-token
    tls:
      ca_file: tls/ca.pem
)"),
                            no_env());
    const auto& http = config.sinks.at(0).http;
    EXPECT_EQ(http.secret.file, dir_ / "hec-token");
    EXPECT_EQ(http.tls.ca_file, dir_ / "tls" / "ca.pem");
}

TEST_F(config_sink_files, missing_tls_files_are_named_with_their_line) {
    auto config = write_config("  - type: syslog\n    host: h\n    tls:\n      ca_file: ca.pem\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":11: sinks[0].tls.ca_file: "));
    EXPECT_THAT(message,
                AllOf(HasSubstr("cannot read"), HasSubstr("ca.pem"), HasSubstr("CA bundle")));

    sfc::test::write_file(dir_ / "client.pem", sfc::test::make_tls_pki().client_cert_pem);
    config = write_config(
        "  - type: syslog\n    host: h\n    tls:\n      cert_file: client.pem\n"
        "      key_file: client.key\n");
    message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":12: sinks[0].tls.key_file: "));
    EXPECT_THAT(message, HasSubstr("private key"));
}

TEST_F(config_sink_files, secret_file_must_be_a_readable_file) {
    auto config = write_config(
        "  - type: elasticsearch\n    url: https://es\n    index: x\n    auth: api_key\n"
        "    secret_file: missing-key\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":12: sinks[0].secret_file: "));
    EXPECT_THAT(message, AllOf(HasSubstr("cannot read"), HasSubstr("secret")));

    // A folder is not a file.
    std::filesystem::create_directories(dir_ / "secrets");
    config = write_config(
        "  - type: elasticsearch\n    url: https://es\n    index: x\n    auth: api_key\n"
        "    secret_file: secrets\n");
    EXPECT_THAT(error_of(config), HasSubstr("not a regular file"));
}

TEST_F(config_sink_files, tls_files_without_the_pem_they_need_are_refused_at_load) {
    // The sink would find out only when it connects, long after the start.
    sfc::test::write_file(dir_ / "not-a-ca.pem", "just text\n");
    auto config =
        write_config("  - type: syslog\n    host: h\n    tls:\n      ca_file: not-a-ca.pem\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":11: sinks[0].tls.ca_file: "));
    EXPECT_THAT(message, HasSubstr("holds no PEM certificate"));

    const auto pki = sfc::test::make_tls_pki();
    sfc::test::write_file(dir_ / "client.pem", pki.client_cert_pem);
    sfc::test::write_file(dir_ / "client.key", pki.client_cert_pem);  // a certificate, not a key
    config = write_config(
        "  - type: syslog\n    host: h\n    tls:\n      cert_file: client.pem\n"
        "      key_file: client.key\n");
    message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":12: sinks[0].tls.key_file: "));
    EXPECT_THAT(message, HasSubstr("holds no unencrypted PEM private key"));
}

TEST_F(config_sink_files, client_key_of_another_certificate_is_refused_at_load) {
    const auto pki = sfc::test::make_tls_pki();
    sfc::test::write_file(dir_ / "client.pem", pki.client_cert_pem);
    sfc::test::write_file(dir_ / "client.key", pki.server_key_pem);  // the server's key
    const auto config = write_config(
        "  - type: syslog\n    host: h\n    tls:\n      cert_file: client.pem\n"
        "      key_file: client.key\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":12: sinks[0].tls.key_file: "));
    EXPECT_THAT(message, HasSubstr("is not the private key of the certificate in cert_file"));
}

TEST_F(config_sink_files, check_files_off_skips_the_sink_files) {
    SFC_POSIX_PATHS_ONLY();
    auto config = load_file(
        write_config("  - {type: syslog, host: h, tls: {ca_file: /nonexistent/ca.pem}}\n"),
        no_env(),
        load_options{.check_files = false});
    EXPECT_EQ(config.sinks.at(0).syslog.tls.ca_file, "/nonexistent/ca.pem");
}

}  // namespace
}  // namespace sfc::config
