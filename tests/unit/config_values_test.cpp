// The value parsers behind the loader: env expansion, durations, URLs, API versions and the
// "did you mean" suggestion.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <map>

#include "config/api_version.hpp"
#include "config/config_error.hpp"
#include "config/duration.hpp"
#include "config/env_expand.hpp"
#include "config/suggest.hpp"
#include "config/url.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

env_lookup env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

/// The value_error text `call` must throw.
template <class Call>
std::string error_of(Call call) {
    try {
        call();
    } catch (const value_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no value_error";
    return {};
}

// --- expand_env ----------------------------------------------------------------------------

TEST(config_env, text_without_references_is_unchanged) {
    auto out = expand_env("plain $ text$", env_of({}));
    EXPECT_EQ(out.value, "plain $ text$");
    EXPECT_FALSE(out.from_env);
}

TEST(config_env, references_expand_and_mark_the_value) {
    auto out = expand_env("${A}/x/${B_2}", env_of({{"A", "one"}, {"B_2", "two"}}));
    EXPECT_EQ(out.value, "one/x/two");
    EXPECT_TRUE(out.from_env);
}

TEST(config_env, default_applies_when_unset_or_empty) {
    auto env = env_of({{"EMPTY", ""}, {"SET", "v"}});
    EXPECT_EQ(expand_env("${MISSING:-d1}", env).value, "d1");
    EXPECT_EQ(expand_env("${EMPTY:-d2}", env).value, "d2");
    EXPECT_EQ(expand_env("${SET:-d3}", env).value, "v");
    EXPECT_EQ(expand_env("${MISSING:-}", env).value, "");
}

TEST(config_env, double_dollar_is_a_literal_dollar) {
    auto out = expand_env("a$$b$${X}", env_of({{"X", "no"}}));
    EXPECT_EQ(out.value, "a$b${X}");
    EXPECT_FALSE(out.from_env);
}

TEST(config_env, set_but_empty_variable_without_default_is_empty) {
    EXPECT_EQ(expand_env("${E}", env_of({{"E", ""}})).value, "");
}

TEST(config_env, unset_variable_is_an_error_naming_it) {
    auto message = error_of([] { expand_env("x${NOPE}", env_of({})); });
    EXPECT_THAT(message, HasSubstr("NOPE is not set"));
    EXPECT_THAT(message, HasSubstr("${NOPE:-default}"));
}

TEST(config_env, malformed_references_are_errors) {
    EXPECT_THAT(error_of([] { expand_env("${A", env_of({{"A", "x"}})); }), HasSubstr("not closed"));
    EXPECT_THAT(error_of([] { expand_env("${}", env_of({})); }), HasSubstr("not a valid"));
    EXPECT_THAT(error_of([] { expand_env("${1A}", env_of({})); }), HasSubstr("not a valid"));
    EXPECT_THAT(error_of([] { expand_env("${A-B}", env_of({})); }), HasSubstr("not a valid"));
}

TEST(config_env, expanded_values_are_not_expanded_again) {
    EXPECT_EQ(expand_env("${A}", env_of({{"A", "${B}"}, {"B", "no"}})).value, "${B}");
}

TEST(config_env, process_env_reads_the_environment) {
    ::setenv("SFC_CONFIG_TEST_VAR", "hello", 1);
    ::unsetenv("SFC_CONFIG_TEST_UNSET");
    auto env = process_env();
    EXPECT_EQ(env("SFC_CONFIG_TEST_VAR"), std::optional<std::string>("hello"));
    EXPECT_EQ(env("SFC_CONFIG_TEST_UNSET"), std::nullopt);
}

// --- parse_duration ------------------------------------------------------------------------

TEST(config_duration, units_and_bare_seconds) {
    EXPECT_EQ(parse_duration("30s"), 30s);
    EXPECT_EQ(parse_duration("5m"), 5min);
    EXPECT_EQ(parse_duration("1h"), 1h);
    EXPECT_EQ(parse_duration("7d"), 7 * 24h);
    EXPECT_EQ(parse_duration("90"), 90s);
    EXPECT_EQ(parse_duration("0"), 0s);
}

TEST(config_duration, malformed_text_is_rejected) {
    for (std::string_view text : {"", "m", "5x", "-5m", "1.5h", "5 m", "5mm", "1h30m", "+5s"}) {
        EXPECT_THAT(error_of([&] { parse_duration(text); }), HasSubstr("not a duration")) << text;
    }
}

TEST(config_duration, huge_values_are_rejected_without_overflow) {
    EXPECT_THAT(error_of([] { parse_duration("3651d"); }), HasSubstr("too long"));
    EXPECT_THAT(error_of([] { parse_duration("99999999999999999999999s"); }),
                HasSubstr("too long"));
    EXPECT_THAT(error_of([] { parse_duration("9223372036854775807d"); }), HasSubstr("too long"));
    EXPECT_EQ(parse_duration("3650d"), 3650 * 24h);
}

// --- normalize_base_url --------------------------------------------------------------------

TEST(config_url, accepts_https_hosts_and_normalises) {
    EXPECT_EQ(normalize_base_url("https://company.my.salesforce.com"),
              "https://company.my.salesforce.com");
    EXPECT_EQ(normalize_base_url("HTTPS://Company.My.Salesforce.com/"),
              "https://company.my.salesforce.com");
    EXPECT_EQ(normalize_base_url("https://localhost:8443"), "https://localhost:8443");
    EXPECT_EQ(normalize_base_url("https://[::1]:8443/"), "https://[::1]:8443");
    EXPECT_EQ(normalize_base_url("https://a--b.sandbox.my.salesforce.com"),
              "https://a--b.sandbox.my.salesforce.com");
}

TEST(config_url, http_is_rejected_with_the_fix) {
    auto message = error_of([] { normalize_base_url("http://company.my.salesforce.com"); });
    EXPECT_THAT(message, HasSubstr("only HTTPS"));
    EXPECT_THAT(message, HasSubstr("write https://"));
}

TEST(config_url, paths_queries_and_fragments_are_rejected) {
    for (std::string_view url : {"https://h.example.com/services",
                                 "https://h.example.com//",
                                 "https://h.example.com?a=1",
                                 "https://h.example.com#x",
                                 "https://h.example.com/?"}) {
        EXPECT_THAT(error_of([&] { normalize_base_url(url); }), HasSubstr("path, query")) << url;
    }
}

TEST(config_url, malformed_urls_are_rejected) {
    EXPECT_THAT(error_of([] { normalize_base_url("company.my.salesforce.com"); }),
                HasSubstr("no https://"));
    EXPECT_THAT(error_of([] { normalize_base_url("ftp://h.example.com"); }), HasSubstr("scheme"));
    EXPECT_THAT(error_of([] { normalize_base_url("https://"); }), HasSubstr("no host"));
    EXPECT_THAT(error_of([] { normalize_base_url("https://user@h.example.com"); }),
                HasSubstr("user name"));
    EXPECT_THAT(error_of([] { normalize_base_url("https://h..example.com"); }),
                HasSubstr("host name"));
    EXPECT_THAT(error_of([] { normalize_base_url("https://h_x.example.com"); }),
                HasSubstr("host name"));
    for (std::string_view url : {"https://h.example.com:",
                                 "https://h.example.com:0",
                                 "https://h.example.com:65536",
                                 "https://h.example.com:8x"}) {
        EXPECT_THAT(error_of([&] { normalize_base_url(url); }), HasSubstr("port")) << url;
    }
}

// --- normalize_api_version -----------------------------------------------------------------

TEST(config_api_version, accepts_and_normalises) {
    EXPECT_EQ(normalize_api_version("64.0"), "64.0");
    EXPECT_EQ(normalize_api_version("v64.0"), "64.0");
    EXPECT_EQ(normalize_api_version("V59.0"), "59.0");
    EXPECT_EQ(normalize_api_version("37.0"), "37.0");
}

TEST(config_api_version, rejects_old_versions) {
    EXPECT_THAT(error_of([] { normalize_api_version("36.0"); }), HasSubstr("37.0 or later"));
    EXPECT_THAT(error_of([] { normalize_api_version("v9.0"); }), HasSubstr("37.0 or later"));
}

TEST(config_api_version, rejects_other_shapes) {
    EXPECT_THAT(error_of([] { normalize_api_version("64"); }), HasSubstr("minor part"));
    for (std::string_view text :
         {"", "v", "64.", ".0", "64.0.1", "sixty", "64,0", "99999.0", "v v64.0", "-64.0"}) {
        EXPECT_THAT(error_of([&] { normalize_api_version(text); }), HasSubstr("Apex Classes"))
            << text;
    }
}

// --- suggestions ---------------------------------------------------------------------------

TEST(config_suggest, edit_distance_counts_edits_ignoring_case) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("Username", "username"), 0u);
    EXPECT_EQ(edit_distance("usrname", "username"), 1u);
}

TEST(config_suggest, closest_name_only_when_close) {
    constexpr std::array<std::string_view, 4> keys{"username", "client_id", "path", "sinks"};
    EXPECT_EQ(closest_name("usernme", keys), std::optional<std::string_view>("username"));
    EXPECT_EQ(closest_name("clientid", keys), std::optional<std::string_view>("client_id"));
    EXPECT_EQ(closest_name("pth", keys), std::optional<std::string_view>("path"));
    EXPECT_EQ(closest_name("client_secret", keys), std::nullopt);
    EXPECT_EQ(closest_name("xyz", keys), std::nullopt);
    EXPECT_EQ(closest_name("anything", std::span<const std::string_view>{}), std::nullopt);
}

}  // namespace
}  // namespace sfc::config
