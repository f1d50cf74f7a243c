#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "pki/test_pki.hpp"
#include "sinks/secret.hpp"
#include "sinks/sink_error.hpp"
#include "test_env.hpp"

namespace sfc::sinks {
namespace {

namespace fs = std::filesystem;

constexpr const char* value = "s3cr3t-V4lue";

class SecretTest : public ::testing::Test {
protected:
    void TearDown() override {
        sfc::test::unset_env(env_name);
        fs::remove_all(dir_);
    }

    config::secret_ref file_with(std::string_view content) {
        const auto path = dir_ / "secret";
        test::write_file(path, content);
        return {path, {}};
    }

    // The error text of read_secret; the test fails if it did not throw.
    std::string error_of(const config::secret_ref& ref) {
        try {
            read_secret(ref, "sinks[1].http.secret");
        } catch (const sink_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "read_secret did not throw";
        return {};
    }

    static constexpr const char* env_name = "SFC_SECRET_TEST_VALUE";
    fs::path dir_ = test::make_temp_dir("sfc-secret");
};

TEST_F(SecretTest, FileFirstLineWithoutItsNewline) {
    EXPECT_EQ(read_secret(file_with(std::string(value) + "\n"), "x"), value);
    EXPECT_EQ(read_secret(file_with(std::string(value) + "\r\nsecond line\n"), "x"), value);
    EXPECT_EQ(read_secret(file_with(value), "x"), value);
}

TEST_F(SecretTest, EnvironmentVariable) {
    sfc::test::set_env(env_name, value);
    EXPECT_EQ(read_secret({{}, env_name}, "x"), value);
}

TEST_F(SecretTest, ReadErrorsAreSinkErrorsNamingTheFieldAndFile) {
    // The reading itself is util::read_secret's (util_secret_test); sinks report it as sink_error.
    const auto message = error_of({dir_ / "absent", {}});
    EXPECT_NE(message.find("sinks[1].http.secret"), std::string::npos) << message;
    EXPECT_NE(message.find((dir_ / "absent").string()), std::string::npos) << message;
    EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST_F(SecretTest, NothingOrBothConfiguredIsAnError) {
    EXPECT_NE(error_of({}).find("set secret.file or secret.env"), std::string::npos);
    sfc::test::set_env(env_name, value);
    EXPECT_NE(error_of({dir_ / "secret", env_name}).find("both secret.file and secret.env"),
              std::string::npos);
}

TEST_F(SecretTest, NoMessageContainsTheValue) {
    // Errors raised after the value was read (both set) must not carry it either.
    test::write_file(dir_ / "secret", value);
    sfc::test::set_env(env_name, value);
    for (const config::secret_ref& ref :
         {config::secret_ref{dir_ / "secret", env_name}, config::secret_ref{dir_, {}}}) {
        const auto message = error_of(ref);
        EXPECT_EQ(message.find(value), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace sfc::sinks
