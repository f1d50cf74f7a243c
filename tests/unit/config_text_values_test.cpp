// Values a config holds end up in log lines, HTTP headers and file names: a control character
// or bytes that are not UTF-8 are refused, naming the key and line, also when a ${VAR} brings
// them. And ${A:-${B}} expands B when A is unset, as in the shell.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/env_expand.hpp"
#include "config/load.hpp"
#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using namespace test_support;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

/// salesforce_block with its username line (line 3) replaced by `line`.
std::string with_username(std::string_view line) {
    std::string yaml = salesforce_block;
    const auto start = yaml.find("  username:");
    const auto end = yaml.find('\n', start);
    return yaml.replace(start, end - start, "  username: " + std::string(line));
}

TEST(config_text_values, line_break_in_a_value_is_refused_naming_key_and_line) {
    const auto message = error_text(with_username(R"("bot@example.com\nlevel=error forged")"));
    EXPECT_THAT(message, StartsWith(at(3, "salesforce.username")));
    EXPECT_THAT(message, HasSubstr("holds a line break"));
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(config_text_values, nul_escape_tab_and_c1_controls_are_refused) {
    EXPECT_THAT(error_text(with_username(R"("bot\0@example.com")")), HasSubstr("a NUL byte"));
    EXPECT_THAT(error_text(with_username(R"("bot\e[31m@example.com")")),
                HasSubstr("the control character U+001B"));
    EXPECT_THAT(error_text(with_username(R"("bot\t@example.com")")), HasSubstr("a tab"));
    EXPECT_THAT(error_text(with_username(R"("bot\x85@example.com")")),
                HasSubstr("the control character U+0085"));
}

TEST(config_text_values, bytes_that_are_not_utf8_are_refused) {
    const auto message = error_text(with_username("bot\xff\xfe@example.com"));
    EXPECT_THAT(
        message,
        AllOf(StartsWith(at(3, "salesforce.username")), HasSubstr("bytes that are not UTF-8")));
    // Plain UTF-8 beyond ASCII is fine.
    EXPECT_EQ(
        only_org(load_text(with_username("\"j\xc3\xbcrgen@example.com\""))).salesforce.username,
        "j\xc3\xbcrgen@example.com");
}

TEST(config_text_values, a_variable_bringing_a_line_break_is_refused_without_echo) {
    const auto message =
        error_text(with_username("${SF_USER}"), {{"SF_USER", "bot@example.com\nforged"}});
    EXPECT_THAT(message,
                AllOf(StartsWith(at(3, "salesforce.username")),
                      HasSubstr("(from an environment variable) holds a line break")));
    EXPECT_THAT(message, Not(HasSubstr("forged")));
}

TEST(config_text_values, control_character_in_a_key_is_not_echoed_raw) {
    const auto message = error_text(salesforce_block + "\"log_\\nlevel\": info\n");
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_THAT(message, HasSubstr("log_?level"));
}

TEST(config_text_values, nested_default_expands_the_inner_reference) {
    const auto env = env_of({{"B", "from-b"}, {"EMPTY", ""}});
    EXPECT_EQ(expand_env("${A:-${B}}", env).value, "from-b");
    EXPECT_EQ(expand_env("x-${A:-${C:-inner}}-y", env).value, "x-inner-y");
    EXPECT_EQ(expand_env("${EMPTY:-${B}/sub}", env).value, "from-b/sub");
    EXPECT_EQ(expand_env("${B:-${A}}", env).value, "from-b");  // the default is not needed
    EXPECT_EQ(expand_env("${A:-$${B}}", env).value, "${B}");   // $$ stays a literal '$'
    EXPECT_TRUE(expand_env("${A:-${B}}", env).from_env);
}

TEST(config_text_values, nested_default_with_an_unset_inner_variable_names_it) {
    try {
        expand_env("${A:-${MISSING}}", env_of({}));
        ADD_FAILURE() << "no value_error";
    } catch (const value_error& e) {
        EXPECT_THAT(e.problem(), HasSubstr("MISSING is not set"));
    }
    EXPECT_THROW(expand_env("${A:-${B}", env_of({})), value_error);  // not closed
}

TEST(config_text_values, nesting_is_bounded) {
    std::string deep = "x";
    for (int i = 0; i < 20; ++i) deep = "${A:-" + deep + "}";
    try {
        expand_env(deep, env_of({}));
        ADD_FAILURE() << "no value_error";
    } catch (const value_error& e) {
        EXPECT_THAT(e.problem(), HasSubstr("nested more than 8 deep"));
    }
    std::string fine = "x";
    for (int i = 0; i < 8; ++i) fine = "${A:-" + fine + "}";
    EXPECT_EQ(expand_env(fine, env_of({})).value, "x");
}

}  // namespace
}  // namespace sfc::config
