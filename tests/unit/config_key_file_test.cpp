// With check_files on, the loader opens the private key (and CA file) at start-up and reports a
// bad one against the config line that named it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "config/load.hpp"
#include "config_test_support.hpp"
#include "pki/test_pki.hpp"

namespace sfc::config {
namespace {

using test_support::env_of;
using test_support::only_org;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

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
    EXPECT_EQ(only_org(pkcs1).salesforce.private_key, dir_ / "server.pem");
    auto pkcs8 = load_file(write_config("private_key: pkcs8.pem"), env_of({}));
    EXPECT_EQ(only_org(pkcs8).salesforce.private_key, dir_ / "pkcs8.pem");
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
    SFC_POSIX_PATHS_ONLY();
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
    SFC_POSIX_PATHS_ONLY();
    auto config = load_file(write_config("private_key: /nonexistent/server.pem"),
                            env_of({}),
                            load_options{.check_files = false});
    EXPECT_EQ(only_org(config).salesforce.private_key, "/nonexistent/server.pem");
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
    EXPECT_EQ(only_org(config).salesforce.ca_file, dir_ / "ca.pem");
}

// --- encrypted keys and keystores ------------------------------------------------------------

TEST_F(config_key_file, encrypted_key_loads_with_its_passphrase_from_a_file) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "server.pass.key",
                          sfc::test::encrypt_key_pem_pkcs8(identity.key_pem, "1234567890"));
    sfc::test::write_file(dir_ / "key-passphrase", "1234567890\n");
    auto config = load_file(write_config("private_key: server.pass.key",
                                         "  private_key_passphrase_file: key-passphrase\n"),
                            env_of({}));
    EXPECT_EQ(only_org(config).salesforce.private_key_passphrase.file, dir_ / "key-passphrase");
}

TEST_F(config_key_file, legacy_encrypted_key_loads_with_its_passphrase_from_a_variable) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "server.pass.key",
                          sfc::test::encrypt_key_pem_legacy(identity.key_pem, "pass phrase"));
    auto config = write_config("private_key: server.pass.key",
                               "  private_key_passphrase_env: SF_KEY_PASSPHRASE\n");
    EXPECT_NO_THROW(load_file(config, env_of({{"SF_KEY_PASSPHRASE", "pass phrase"}})));
    // The loader's environment is the one asked, and its absence is reported on the key's line.
    auto message = error_of(config);
    EXPECT_THAT(message,
                StartsWith(config.string() + ":7: salesforce.private_key_passphrase_env: "));
    EXPECT_THAT(message, AllOf(HasSubstr("SF_KEY_PASSPHRASE is not set"), HasSubstr("export it")));
}

TEST_F(config_key_file, wrong_passphrase_is_reported_on_the_key_line_without_the_passphrase) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "server.pass.key",
                          sfc::test::encrypt_key_pem_pkcs8(identity.key_pem, "right-one"));
    sfc::test::write_file(dir_ / "key-passphrase", "wr0ng-one\n");
    auto config = write_config("private_key: server.pass.key",
                               "  private_key_passphrase_file: key-passphrase\n");
    auto message = error_of(config);
    EXPECT_THAT(message, StartsWith(config.string() + ":2: salesforce.private_key: "));
    EXPECT_THAT(message, AllOf(HasSubstr("passphrase"), Not(HasSubstr("wr0ng"))));
}

TEST_F(config_key_file, encrypted_key_without_a_passphrase_names_the_settings) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "server.pass.key",
                          sfc::test::encrypt_key_pem_pkcs8(identity.key_pem, "secret"));
    auto message = error_of(write_config("private_key: server.pass.key"));
    EXPECT_THAT(message, HasSubstr(":2: salesforce.private_key: "));
    EXPECT_THAT(message, HasSubstr("private_key_passphrase_file"));
}

TEST_F(config_key_file, missing_passphrase_file_is_reported_on_its_line) {
    sfc::test::write_file(dir_ / "server.pem", sfc::test::make_rsa_identity().key_pkcs1_pem);
    auto config =
        write_config("private_key: server.pem", "  private_key_passphrase_file: nowhere\n");
    auto message = error_of(config);
    EXPECT_THAT(message,
                StartsWith(config.string() + ":7: salesforce.private_key_passphrase_file: "));
    EXPECT_THAT(message, HasSubstr("cannot read"));
}

TEST_F(config_key_file, pkcs12_keystore_is_accepted_as_private_key) {
    auto identity = sfc::test::make_rsa_identity();
    sfc::test::write_file(dir_ / "keystore.p12",
                          sfc::test::make_pkcs12(identity.key_pem, identity.cert_pem, "storepass"));
    auto config = write_config("private_key: keystore.p12",
                               "  private_key_passphrase_env: SF_KEYSTORE_PASSWORD\n");
    auto loaded = load_file(config, env_of({{"SF_KEYSTORE_PASSWORD", "storepass"}}));
    EXPECT_EQ(only_org(loaded).salesforce.private_key, dir_ / "keystore.p12");
}

TEST_F(config_key_file, client_credentials_checks_the_secret_file_and_opens_no_key) {
    auto path = dir_ / "sfcollector.yaml";
    std::string yaml =
        "salesforce:\n"
        "  auth: client_credentials\n"
        "  client_id: 3MVG9abc\n"
        "  client_secret_file: client-secret\n"
        "  instance_url: https://company.my.salesforce.com\n"
        "  api_version: \"64.0\"\n";
    sfc::test::write_file(path, yaml);
    auto message = error_of(path);
    EXPECT_THAT(message, StartsWith(path.string() + ":4: salesforce.client_secret_file: "));
    EXPECT_THAT(message, HasSubstr("cannot read"));
    sfc::test::write_file(dir_ / "client-secret", "s3cr3t\n");
    EXPECT_EQ(only_org(load_file(path, env_of({}))).salesforce.client_secret.file,
              dir_ / "client-secret");
}

}  // namespace
}  // namespace sfc::config
