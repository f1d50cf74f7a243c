#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "pki/test_pki.hpp"
#include "sinks/file_sink.hpp"
#include "sinks/secret.hpp"

namespace sfc::sinks {
namespace {

namespace fs = std::filesystem;

constexpr const char* value = "s3cr3t-V4lue";

class SecretTest : public ::testing::Test {
protected:
    void TearDown() override {
        ::unsetenv(env_name);
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
    ::setenv(env_name, value, 1);
    EXPECT_EQ(read_secret({{}, env_name}, "x"), value);
}

TEST_F(SecretTest, MissingFileNamesTheFieldAndFile) {
    const auto message = error_of({dir_ / "absent", {}});
    EXPECT_NE(message.find("sinks[1].http.secret"), std::string::npos) << message;
    EXPECT_NE(message.find((dir_ / "absent").string()), std::string::npos) << message;
    EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST_F(SecretTest, EmptyFileOrFirstLineIsAnError) {
    EXPECT_NE(error_of(file_with("")).find("empty first line"), std::string::npos);
    EXPECT_NE(error_of(file_with("\nlater\n")).find("empty first line"), std::string::npos);
}

TEST_F(SecretTest, DirectoryIsAnError) {
    EXPECT_NE(error_of({dir_, {}}).find("is a directory"), std::string::npos);
}

TEST_F(SecretTest, UnsetOrEmptyVariableNamesIt) {
    const auto unset = error_of({{}, env_name});
    EXPECT_NE(unset.find(std::string(env_name) + " is not set"), std::string::npos) << unset;
    ::setenv(env_name, "", 1);
    const auto empty = error_of({{}, env_name});
    EXPECT_NE(empty.find(std::string(env_name) + " is empty"), std::string::npos) << empty;
}

TEST_F(SecretTest, NothingOrBothConfiguredIsAnError) {
    EXPECT_NE(error_of({}).find("no secret configured"), std::string::npos);
    ::setenv(env_name, value, 1);
    EXPECT_NE(error_of({dir_ / "secret", env_name}).find("both"), std::string::npos);
}

TEST_F(SecretTest, ControlCharacterIsRefusedWithoutShowingTheValue) {
    ::setenv(env_name, (std::string(value) + "\nX-Injected: 1").c_str(), 1);
    const auto message = error_of({{}, env_name});
    EXPECT_NE(message.find("control character"), std::string::npos) << message;
    EXPECT_EQ(message.find(value), std::string::npos) << message;
    const auto tab = error_of(file_with(std::string(value) + "\tmore\n"));
    EXPECT_EQ(tab.find(value), std::string::npos) << tab;
}

TEST_F(SecretTest, NoMessageContainsTheValue) {
    // Errors raised after the value was read (both set) must not carry it either.
    test::write_file(dir_ / "secret", value);
    ::setenv(env_name, value, 1);
    for (const config::secret_ref& ref :
         {config::secret_ref{dir_ / "secret", env_name}, config::secret_ref{dir_, {}}}) {
        const auto message = error_of(ref);
        EXPECT_EQ(message.find(value), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace sfc::sinks
