// Inputs the config_loader fuzz target (fuzz/config_loader.cpp) found, kept as tests. Each runs in
// a child process with an alarm, so a hang fails the test within seconds instead of hanging the
// suite.
#include <gtest/gtest.h>

#include <unistd.h>

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

}  // namespace
}  // namespace sfc::config
