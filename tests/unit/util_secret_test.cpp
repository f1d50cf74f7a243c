// Reading a secret from a file or an environment variable: the first line only, and errors that
// name the field and where the secret was looked for, never the secret itself.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "pki/test_pki.hpp"
#include "test_env.hpp"
#include "util/secret.hpp"

namespace sfc::util {
namespace {

namespace fs = std::filesystem;

constexpr const char* value = "s3cr3t-V4lue";
constexpr const char* env_name = "SFC_UTIL_SECRET_TEST_VALUE";

class secret_test : public ::testing::Test {
protected:
    void TearDown() override {
        sfc::test::unset_env(env_name);
        fs::remove_all(dir_);
    }

    fs::path file_with(std::string_view content) {
        const auto path = dir_ / "secret";
        test::write_file(path, content);
        return path;
    }

    // The error text of read_secret; the test fails if it did not throw.
    static std::string error_of(const fs::path& file, std::string_view env) {
        try {
            read_secret(file, env, "salesforce.client_secret");
        } catch (const secret_error& e) {
            const std::string message = e.what();
            EXPECT_EQ(message.rfind("salesforce.client_secret: ", 0), 0u) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            EXPECT_EQ(message.find(value), std::string::npos) << message;
            return message;
        }
        ADD_FAILURE() << "read_secret did not throw";
        return {};
    }

    fs::path dir_ = test::make_temp_dir("sfc-util-secret");
};

TEST_F(secret_test, file_first_line_without_its_newline) {
    EXPECT_EQ(read_secret(file_with(std::string(value) + "\n"), {}, "x"), value);
    EXPECT_EQ(read_secret(file_with(std::string(value) + "\r\nsecond line\n"), {}, "x"), value);
    EXPECT_EQ(read_secret(file_with(value), {}, "x"), value);
}

TEST_F(secret_test, environment_variable) {
    sfc::test::set_env(env_name, value);
    EXPECT_EQ(read_secret({}, env_name, "x"), value);
}

TEST_F(secret_test, missing_file_names_the_file_and_the_reason) {
    const auto message = error_of(dir_ / "absent", {});
    EXPECT_NE(message.find((dir_ / "absent").string()), std::string::npos) << message;
    EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST_F(secret_test, empty_file_or_first_line_is_an_error) {
    EXPECT_NE(error_of(file_with(""), {}).find("empty first line"), std::string::npos);
    EXPECT_NE(error_of(file_with("\nlater\n"), {}).find("empty first line"), std::string::npos);
}

TEST_F(secret_test, directory_is_an_error) {
    EXPECT_NE(error_of(dir_, {}).find("is a directory"), std::string::npos);
}

TEST_F(secret_test, unset_or_empty_variable_names_it) {
    const auto unset = error_of({}, env_name);
    EXPECT_NE(unset.find(std::string(env_name) + " is not set"), std::string::npos) << unset;
#ifndef _WIN32  // Windows has no empty variables: setting one to "" removes it
    sfc::test::set_env(env_name, "");
    const auto empty = error_of({}, env_name);
    EXPECT_NE(empty.find(std::string(env_name) + " is empty"), std::string::npos) << empty;
#endif
}

TEST_F(secret_test, nothing_or_both_configured_is_an_error) {
    EXPECT_NE(error_of({}, {}).find("no secret configured"), std::string::npos);
    sfc::test::set_env(env_name, value);
    EXPECT_NE(error_of(file_with(value), env_name).find("both"), std::string::npos);
}

TEST_F(secret_test, control_character_is_refused_without_showing_the_value) {
    sfc::test::set_env(env_name, (std::string(value) + "\nX-Injected: 1").c_str());
    const auto message = error_of({}, env_name);
    EXPECT_NE(message.find("control character"), std::string::npos) << message;
    EXPECT_NE(message.find(env_name), std::string::npos) << message;
    const auto tab = error_of(file_with(std::string(value) + "\tmore\n"), {});
    EXPECT_NE(tab.find("control character"), std::string::npos) << tab;
}

}  // namespace
}  // namespace sfc::util
