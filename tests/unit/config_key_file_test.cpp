// With check_files on, the loader opens the private key (and CA file) at start-up and reports a
// bad one against the config line that named it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "config/load.hpp"
#include "pki/test_pki.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

env_lookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

/// A config folder with the key at `key_line` (line 2) and `extra` appended.
class config_key_file : public ::testing::Test {
protected:
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path write_config(std::string_view key_line, std::string_view extra = "") {
        std::string yaml = "salesforce:\n  " + std::string(key_line) + "\n" +
                           "  username: integration@example.com\n"
                           "  client_id: 3MVG9abc\n"
                           "  instance_url: https://company.my.salesforce.com\n"
                           "  api_version: \"64.0\"\n" +
                           std::string(extra);
        auto path = dir_ / "sfcollector.yaml";
        sfc::test::write_file(path, yaml);
        return path;
    }

    std::string error_of(const std::filesystem::path& config,
                         std::map<std::string, std::string> vars = {}) {
        try {
            load_file(config, env_of(std::move(vars)));
        } catch (const config_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "no config_error";
        return {};
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-config-key");
};

TEST_F(config_key_file, pkcs1_and_pkcs8_rsa_keys_load) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "server.pem", identity.key_pkcs1_pem);
    sfc::test::write_file(dir_ / "pkcs8.pem", identity.key_pem);
    auto pkcs1 = load_file(write_config("private_key: server.pem"), env_of({}));
    EXPECT_EQ(pkcs1.salesforce.private_key, dir_ / "server.pem");
    auto pkcs8 = load_file(write_config("private_key: pkcs8.pem"), env_of({}));
    EXPECT_EQ(pkcs8.salesforce.private_key, dir_ / "pkcs8.pem");
}

TEST_F(config_key_file, ec_key_is_rejected_on_the_config_line) {
    sfc::test::write_file(dir_ / "server.pem", sfc::test::make_ec_key_pem());
    auto config = write_config("private_key: server.pem");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":2: salesforce.private_key: "));
    EXPECT_THAT(message, HasSubstr((dir_ / "server.pem").string()));
    EXPECT_THAT(message, HasSubstr("RSA"));
    EXPECT_THAT(message, Not(HasSubstr("BEGIN")));
}

TEST_F(config_key_file, missing_key_file_is_reported_with_its_path) {
    auto config = write_config("private_key: /nonexistent/server.pem");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":2: salesforce.private_key: "));
    EXPECT_THAT(message, AllOf(HasSubstr("/nonexistent/server.pem"), HasSubstr("cannot open")));
}

TEST_F(config_key_file, certificate_instead_of_key_is_explained) {
    sfc::test::write_file(dir_ / "server.crt", sfc::test::make_rsa_identity().cert_pem);
    auto message = error_of(write_config("private_key: server.crt"));
    EXPECT_THAT(message, HasSubstr(":2: salesforce.private_key: "));
    EXPECT_THAT(message, HasSubstr("certificate"));
}

TEST_F(config_key_file, key_path_from_env_is_not_echoed) {
    auto secret_dir = dir_ / "hidden-location";
    std::filesystem::create_directories(secret_dir);
    sfc::test::write_file(secret_dir / "server.pem", sfc::test::make_ec_key_pem());
    auto config = write_config("private_key: ${KEY_PATH}");
    auto message = error_of(config, {{"KEY_PATH", (secret_dir / "server.pem").string()}});
    EXPECT_THAT(message, StartsWith(config.string() + ":2: salesforce.private_key: "));
    EXPECT_THAT(message, Not(HasSubstr("hidden-location")));
    EXPECT_THAT(message, HasSubstr("the key file"));
}

TEST_F(config_key_file, check_files_off_skips_the_key) {
    auto config = load_file(write_config("private_key: /nonexistent/server.pem"),
                            env_of({}),
                            load_options{.check_files = false});
    EXPECT_EQ(config.salesforce.private_key, "/nonexistent/server.pem");
}

TEST_F(config_key_file, unreadable_ca_file_is_rejected) {
    sfc::test::write_file(dir_ / "server.pem", sfc::test::make_rsa_identity().key_pkcs1_pem);
    auto config = write_config("private_key: server.pem", "  ca_file: missing-ca.pem\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":7: salesforce.ca_file: "));
    EXPECT_THAT(
        message,
        AllOf(HasSubstr("cannot read"), HasSubstr("missing-ca.pem"), HasSubstr("CA bundle")));
}

TEST_F(config_key_file, readable_ca_file_is_accepted) {
    auto pki = sfc::test::make_tls_pki();
    sfc::test::write_file(dir_ / "server.pem", sfc::test::make_rsa_identity().key_pkcs1_pem);
    sfc::test::write_file(dir_ / "ca.pem", pki.ca_cert_pem);
    auto config =
        load_file(write_config("private_key: server.pem", "  ca_file: ca.pem\n"), env_of({}));
    EXPECT_EQ(config.salesforce.ca_file, dir_ / "ca.pem");
}

}  // namespace
}  // namespace sfc::config
