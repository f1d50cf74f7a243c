// salesforce.auth: the JWT bearer flow (private_key, username, optional key passphrase) and the
// client credentials flow (client secret from a file or a variable), the keys each refuses, and
// secrets written inline.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using namespace test_support;

/// Lines 1 to 6: a client credentials org.
const std::string client_block = R"(salesforce:
  auth: client_credentials
  client_id: 3MVG9abc
  client_secret_file: secrets/client-secret
  instance_url: https://company.my.salesforce.com
  api_version: "64.0"
)";

const salesforce_config& salesforce_of(const collector_config& config) {
    return only_org(config).salesforce;
}

TEST(config_auth, jwt_bearer_is_the_default_and_needs_no_secret) {
    auto config = load_text(salesforce_block);
    const auto& sf = salesforce_of(config);
    EXPECT_EQ(sf.auth, auth_flow::jwt_bearer);
    EXPECT_TRUE(sf.private_key_passphrase.empty());
    EXPECT_TRUE(sf.client_secret.empty());
    EXPECT_EQ(sf.username, "integration@example.com");
}

TEST(config_auth, auth_word_is_case_insensitive) {
    auto config = load_text(salesforce_block + "  auth: JWT_Bearer\n");
    EXPECT_EQ(salesforce_of(config).auth, auth_flow::jwt_bearer);
}

TEST(config_auth, unknown_auth_flow_lists_the_two) {
    auto message = error_text(salesforce_block + "  auth: password\n");
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.auth")));
    EXPECT_THAT(
        message,
        AllOf(HasSubstr("not a supported auth flow"), HasSubstr("jwt_bearer, client_credentials")));
}

TEST(config_auth, key_passphrase_from_a_file_or_a_variable) {
    auto config = load_text(salesforce_block + "  private_key_passphrase_file: keys/server.pass\n");
    EXPECT_EQ(salesforce_of(config).private_key_passphrase.file,
              "/etc/sfcollector/keys/server.pass");
    EXPECT_TRUE(salesforce_of(config).private_key_passphrase.env.empty());

    config = load_text(salesforce_block + "  private_key_passphrase_env: SF_KEY_PASSPHRASE\n");
    EXPECT_EQ(salesforce_of(config).private_key_passphrase.env, "SF_KEY_PASSPHRASE");
}

TEST(config_auth, key_passphrase_file_and_env_together_are_refused) {
    auto message = error_text(salesforce_block +
                              "  private_key_passphrase_file: p\n"
                              "  private_key_passphrase_env: P\n");
    EXPECT_THAT(message, StartsWith(at(8, "salesforce.private_key_passphrase_env")));
    EXPECT_THAT(message, AllOf(HasSubstr("both given"), HasSubstr("keep one")));
}

TEST(config_auth, passphrase_env_takes_a_name_never_a_value) {
    auto message = error_text(salesforce_block + "  private_key_passphrase_env: ${PASS}\n",
                              {{"PASS", "hunter2"}});
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.private_key_passphrase_env")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("not its value"),
                      HasSubstr("private_key_passphrase_env: SF_KEY_PASSPHRASE"),
                      Not(HasSubstr("hunter2"))));
}

TEST(config_auth, client_credentials_reads_the_secret_reference) {
    auto config = load_text(client_block);
    const auto& sf = salesforce_of(config);
    EXPECT_EQ(sf.auth, auth_flow::client_credentials);
    EXPECT_EQ(sf.client_id, "3MVG9abc");
    EXPECT_EQ(sf.client_secret.file, "/etc/sfcollector/secrets/client-secret");
    EXPECT_TRUE(sf.private_key.empty());
    EXPECT_TRUE(sf.username.empty());

    std::string by_env = client_block;
    by_env.replace(by_env.find("client_secret_file: secrets/client-secret"),
                   std::string("client_secret_file: secrets/client-secret").size(),
                   "client_secret_env: SF_CLIENT_SECRET");
    EXPECT_EQ(salesforce_of(load_text(by_env)).client_secret.env, "SF_CLIENT_SECRET");
}

TEST(config_auth, client_credentials_without_a_secret_says_where_it_is) {
    std::string yaml = client_block;
    yaml.erase(yaml.find("  client_secret_file"),
               yaml.find("  instance_url") - yaml.find("  client_secret_file"));
    auto message = error_text(yaml);
    EXPECT_THAT(message, StartsWith(at(1, "salesforce.client_secret_file") + "required value"));
    EXPECT_THAT(message,
                AllOf(HasSubstr("Consumer Secret"),
                      HasSubstr("client_secret_env"),
                      HasSubstr("How to Find Client ID (Consumer Key)")));
}

TEST(config_auth, client_credentials_needs_the_my_domain_not_a_login_host) {
    for (std::string host : {"https://login.salesforce.com", "https://TEST.salesforce.com/"}) {
        std::string yaml = client_block;
        yaml.replace(yaml.find("https://company.my.salesforce.com"),
                     std::string("https://company.my.salesforce.com").size(),
                     host);
        EXPECT_THAT(error_text(yaml),
                    AllOf(StartsWith(at(5, "salesforce.instance_url")),
                          HasSubstr("My Domain"),
                          HasSubstr("https://company.my.salesforce.com")))
            << host;
    }
}

TEST(config_auth, client_credentials_refuses_the_jwt_keys) {
    for (std::string key : {"private_key: server.pem",
                            "username: integration@example.com",
                            "private_key_passphrase_file: p",
                            "login_url: https://login.salesforce.com",
                            "audience: https://login.salesforce.com"}) {
        auto message = error_text(client_block + "  " + key + "\n");
        std::string name = key.substr(0, key.find(':'));
        EXPECT_THAT(message, StartsWith(at(7, "salesforce." + name))) << key;
        EXPECT_THAT(message,
                    AllOf(HasSubstr("applies only to auth: jwt_bearer"),
                          HasSubstr("remove it"),
                          HasSubstr("Run As user"),
                          HasSubstr("Step 14")))
            << key;
    }
}

TEST(config_auth, jwt_bearer_refuses_the_client_secret_keys) {
    for (std::string key : {"client_secret_file: s", "client_secret_env: S"}) {
        auto message = error_text(salesforce_block + "  " + key + "\n");
        EXPECT_THAT(message, StartsWith(at(7, "salesforce." + key.substr(0, key.find(':')))));
        EXPECT_THAT(message,
                    AllOf(HasSubstr("applies only to auth: client_credentials"),
                          HasSubstr("set auth: client_credentials")));
    }
}

TEST(config_auth, inline_secrets_are_refused_without_echo) {
    struct inline_case {
        std::string key;
        std::string use;
    };
    for (const auto& c : {inline_case{"client_secret", "client_secret_file"},
                          inline_case{"Consumer_Secret", "client_secret_env: SF_CLIENT_SECRET"},
                          inline_case{"private_key_passphrase", "private_key_passphrase_file"},
                          inline_case{"passphrase", "private_key_passphrase_env"}}) {
        auto message = error_text(client_block + "  " + c.key + ": s3cr3t-value\n");
        EXPECT_THAT(message, StartsWith(at(7, "salesforce." + c.key))) << c.key;
        EXPECT_THAT(message,
                    AllOf(HasSubstr("not written in the config file"),
                          HasSubstr(c.use),
                          Not(HasSubstr("s3cr3t"))))
            << c.key;
    }
}

TEST(config_auth, client_credentials_still_requires_the_common_values) {
    std::string yaml = client_block;
    yaml.erase(yaml.find("  client_id"), std::string("  client_id: 3MVG9abc\n").size());
    EXPECT_THAT(error_text(yaml),
                AllOf(StartsWith(at(1, "salesforce.client_id")), HasSubstr("Consumer Key")));
}

}  // namespace
}  // namespace sfc::config
