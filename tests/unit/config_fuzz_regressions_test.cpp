// Inputs the config_loader fuzz target (fuzz/config_loader.cpp) found, kept as tests. Each runs in
// a child process with an alarm, so a hang fails the test within seconds instead of hanging the
// suite.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using namespace test_support;

// Exits 0 when loading `yaml` ends with a config_error, 1 when it loads; SIGALRM after 5 s.
void load_in_child(std::string_view yaml) {
    alarm(5);
    try {
        load_text(yaml);
    } catch (const config_error&) {
        _exit(0);
    }
    _exit(1);
}

// yaml-cpp 0.7's LoadAll never returns on a document that starts with a flow entry (','): it
// makes empty documents forever, and memory grows by hundreds of MB a second. A config file that
// is a stray "," must be one config_error, not a hung `validate`.
TEST(config_fuzz_regressions, a_stray_comma_is_an_error_not_a_hang) {
    EXPECT_EXIT(load_in_child(","), ::testing::ExitedWithCode(0), "");
    EXPECT_EXIT(load_in_child("# sfcollector\n, a key's passphrase) are never\nsalesforce:\n"),
                ::testing::ExitedWithCode(0),
                "");
}

// A key holding a NUL (here "\0nstance_url", a mangled instance_url) came back in the
// "unknown key" message as a line of its own that does not name the file: the operator's log
// then shows a line from nowhere. Every line of a config_error names the file.
TEST(config_fuzz_regressions, a_key_with_a_control_character_stays_on_the_line_naming_the_file) {
    using namespace std::string_literals;
    const std::string text = error_text("salesforce:\n  \0nstance_url: x\n"s);
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        EXPECT_TRUE(rest.substr(0, end).starts_with(config_name.string())) << text;
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    EXPECT_EQ(text.find('\0'), std::string::npos);
}

// A quoted scalar folded over a blank line holds a line break; a malformed ${...} reference in it
// was echoed as it was, and the message's second half became a line that names no file.
TEST(config_fuzz_regressions, a_reference_with_a_folded_line_break_stays_on_one_line) {
    const std::string text = error_text("state_dir: '${S x\n\n y}'\n");
    EXPECT_NE(text.find("is not a valid variable reference"), std::string::npos) << text;
    std::string_view rest = text;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        EXPECT_TRUE(rest.substr(0, end).starts_with(config_name.string())) << text;
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
}

}  // namespace
}  // namespace sfc::config
