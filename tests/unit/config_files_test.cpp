// The files a config names, read at load time (check_files on): only regular files of bounded
// size, opened without blocking, and every problem one line naming the key. Also the state
// folder, and the warnings about files other users can read.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#ifndef _WIN32
#include <sys/stat.h>
#endif

#include "config/load.hpp"
#include "config/warnings.hpp"
#include "config_test_support.hpp"
#include "pki/test_pki.hpp"

namespace sfc::config {
namespace {

namespace fs = std::filesystem;
using test_support::env_of;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

/// A JWT config (key on line 2) plus `extra`; the key is a real RSA key, mode 0600.
class config_files : public ::testing::Test {
protected:
    void SetUp() override {
        sfc::test::write_file(dir_ / "server.pem", sfc::test::make_rsa_identity().key_pem);
        fs::permissions(dir_ / "server.pem", fs::perms::owner_read | fs::perms::owner_write);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write_config(std::string_view extra, std::string_view key = "server.pem") {
        std::string yaml = "salesforce:\n  private_key: " + std::string(key) +
                           "\n"
                           "  username: integration@example.com\n"
                           "  client_id: 3MVG9abc\n"
                           "  instance_url: https://company.my.salesforce.com\n"
                           "  api_version: \"64.0\"\n" +
                           std::string(extra);
        auto path = dir_ / "sfcollector.yaml";
        sfc::test::write_file(path, yaml);
        return path;
    }

    /// The error, which must come within a few seconds (a FIFO must not block).
    std::string error_of(const fs::path& config, std::map<std::string, std::string> vars = {}) {
        const auto start = std::chrono::steady_clock::now();
        std::string message;
        try {
            load_file(config, env_of(std::move(vars)));
            ADD_FAILURE() << "no config_error";
        } catch (const config_error& e) {
            message = e.what();
        }
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
        EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        return message;
    }

    static void make_sparse(const fs::path& path, std::uintmax_t size) {
        std::ofstream(path, std::ios::binary).put('x');
        fs::resize_file(path, size);
    }

    const std::string hec_sink = "sinks:\n  - type: splunk_hec\n    url: https://splunk:8088\n";
    fs::path dir_ = sfc::test::make_temp_dir("sfc-config-files");
};

TEST_F(config_files, config_over_the_limit_is_refused_without_being_read) {
    make_sparse(dir_ / "huge.yaml", 17u << 20);
    const auto message = error_of(dir_ / "huge.yaml");
    EXPECT_THAT(message, StartsWith((dir_ / "huge.yaml").string() + ": "));
    EXPECT_THAT(message, HasSubstr("is 17825792 bytes; the limit for a config file is 1048576"));
}

TEST_F(config_files, config_that_is_a_directory_is_refused) {
    EXPECT_THAT(error_of(dir_), HasSubstr("is not a regular file"));
}

TEST_F(config_files, empty_sink_secret_file_is_a_config_error_at_load) {
    sfc::test::write_file(dir_ / "token", "");
    const auto config = write_config(hec_sink + "    secret_file: token\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":10: sinks[0].secret_file: "));
    EXPECT_THAT(message, HasSubstr("empty first line"));
}

TEST_F(config_files, oversized_passphrase_file_is_refused_naming_the_key) {
#ifdef _WIN32
    constexpr std::uintmax_t big = 3u << 20;  // NTFS files are not sparse by default
#else
    constexpr std::uintmax_t big = 3ull << 30;  // the review's 3 GiB passphrase file
#endif
    make_sparse(dir_ / "passphrase", big);
    const auto config = write_config("  private_key_passphrase_file: passphrase\n");
    const auto message = error_of(config);
    EXPECT_THAT(message,
                StartsWith(config.string() + ":7: salesforce.private_key_passphrase_file"));
    EXPECT_THAT(message,
                HasSubstr("is " + std::to_string(big) + " bytes; the limit for a file is 65536"));
}

TEST_F(config_files, hec_token_with_a_space_is_refused_at_load) {
    // The HEC sink refuses it when it is made; validate must say so first.
    sfc::test::write_file(dir_ / "token", "5c1d9a52 8f3e\n");
    const auto config = write_config(hec_sink + "    secret_file: token\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":10: sinks[0].secret_file: "));
    EXPECT_THAT(message, AllOf(HasSubstr("or a space"), Not(HasSubstr("5c1d9a52"))));
}

TEST_F(config_files, sink_secret_variable_must_be_set_at_load) {
    const auto config = write_config(hec_sink + "    secret_env: HEC_TOKEN\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":10: sinks[0].secret_env: "));
    EXPECT_THAT(message, HasSubstr("HEC_TOKEN is not set"));
    EXPECT_NO_THROW(load_file(config, env_of({{"HEC_TOKEN", "abc"}})));
}

TEST_F(config_files, client_tls_files_are_refused_for_http_sinks) {
    sfc::test::write_file(dir_ / "token", "t\n");
    sfc::test::write_file(dir_ / "client.pem", "x");
    const auto config =
        write_config(hec_sink + "    secret_file: token\n    tls:\n      cert_file: client.pem\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":12: sinks[0].tls.cert_file: "));
    EXPECT_THAT(message, HasSubstr("not supported"));
}

TEST_F(config_files, state_dir_must_be_a_folder_or_creatable) {
    sfc::test::write_file(dir_ / "plain", "x");
    auto config = write_config("state_dir: plain\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":7: state_dir: "));
    EXPECT_THAT(message, AllOf(HasSubstr("is not a folder"), HasSubstr("point state_dir at")));

    config = write_config("state_dir: plain/below\n");
    EXPECT_THAT(error_of(config), HasSubstr("is not a folder"));

    config = write_config("state_dir: new/state\n");  // created at the start
    EXPECT_NO_THROW(load_file(config, env_of({})));
}

#ifndef _WIN32
TEST_F(config_files, dev_null_state_dir_is_refused) {
    const auto config = write_config("state_dir: /dev/null\n");
    const auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":7: state_dir: "));
    EXPECT_THAT(message, HasSubstr("'/dev/null' exists and is not a folder"));
}

TEST_F(config_files, devices_and_fifos_fail_at_once) {
    EXPECT_THAT(error_of("/dev/zero"), HasSubstr("/dev/zero: the config file is not a regular"));
    ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    EXPECT_THAT(error_of(dir_ / "fifo"), HasSubstr("is not a regular file"));

    auto config = write_config("", "fifo");
    EXPECT_THAT(error_of(config),
                AllOf(StartsWith(config.string() + ":2: salesforce.private_key: "),
                      HasSubstr("is not a regular file")));
    config = write_config("  private_key_passphrase_file: fifo\n");
    EXPECT_THAT(error_of(config),
                AllOf(StartsWith(config.string() + ":7: salesforce.private_key_passphrase_file"),
                      HasSubstr("is not a regular file")));
    config = write_config(hec_sink + "    secret_file: fifo\n");
    EXPECT_THAT(error_of(config),
                AllOf(StartsWith(config.string() + ":10: sinks[0].secret_file: "),
                      HasSubstr("is not a regular file")));
    config = write_config("sinks:\n  - type: syslog\n    host: h\n    tls:\n      ca_file: fifo\n");
    EXPECT_THAT(error_of(config),
                AllOf(StartsWith(config.string() + ":11: sinks[0].tls.ca_file: "),
                      HasSubstr("is not a regular file")));
}

TEST_F(config_files, files_others_can_read_are_warned_about) {
    sfc::test::write_file(dir_ / "token", "t\n");
    fs::permissions(dir_ / "server.pem", fs::perms::group_read, fs::perm_options::add);
    fs::permissions(dir_ / "token", fs::perms::others_read, fs::perm_options::add);
    const auto config =
        load_file(write_config(hec_sink + "    secret_file: token\n"
                                          "    tls:\n      insecure_skip_verify: true\n"),
                  env_of({}));
    std::vector<std::string> texts;
    for (const auto& w : config_warnings(config)) texts.push_back(w.text);
    const auto has = [&](std::string_view part) {
        return std::any_of(
            texts.begin(), texts.end(), [&](const auto& t) { return t.find(part) != t.npos; });
    };
    EXPECT_TRUE(has("org default: salesforce.private_key: ")) << ::testing::PrintToString(texts);
    EXPECT_TRUE(has("sinks[0] (splunk_hec:https://splunk:8088): secret_file: "))
        << ::testing::PrintToString(texts);
    EXPECT_TRUE(has("tls.insecure_skip_verify is on")) << ::testing::PrintToString(texts);
}

TEST_F(config_files, passphrase_file_others_can_read_is_warned_about_at_start_too) {
    sfc::test::write_file(dir_ / "server.pem",
                          sfc::test::encrypt_key_pem_pkcs8(sfc::test::make_rsa_identity().key_pem,
                                                           "passphrase-1234"));
    sfc::test::write_file(dir_ / "passphrase", "passphrase-1234\n");
    fs::permissions(dir_ / "passphrase", fs::perms::others_read, fs::perm_options::add);
    const auto config =
        load_file(write_config("  private_key_passphrase_file: passphrase\n"), env_of({}));
    const auto warnings = config_warnings(config);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_THAT(warnings[0].text,
                AllOf(StartsWith("org default: salesforce.private_key_passphrase_file: "),
                      HasSubstr("chmod 600")));
    EXPECT_TRUE(warnings[0].at_start);
}

// Windows: a temporary folder's inherited ACL may let others read the key.
TEST_F(config_files, a_clean_config_has_no_warnings) {
    EXPECT_TRUE(config_warnings(load_file(write_config(""), env_of({}))).empty());
}
#endif

}  // namespace
}  // namespace sfc::config
