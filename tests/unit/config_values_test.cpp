// The value parsers behind the loader: env expansion, durations, sizes, URLs, hosts, API versions
// and the "did you mean" suggestion.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <map>

#include "config/api_version.hpp"
#include "config/config_error.hpp"
#include "config/duration.hpp"
#include "config/env_expand.hpp"
#include "config/numbers.hpp"
#include "config/suggest.hpp"
#include "config/url.hpp"
#include "test_env.hpp"

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
    sfc::test::set_env("SFC_CONFIG_TEST_VAR", "hello");
    sfc::test::unset_env("SFC_CONFIG_TEST_UNSET");
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

// --- parse_duration_ms ---------------------------------------------------------------------

TEST(config_duration, milliseconds_where_allowed) {
    EXPECT_EQ(parse_duration_ms("500ms"), 500ms);
    EXPECT_EQ(parse_duration_ms("0ms"), 0ms);
    EXPECT_EQ(parse_duration_ms("2s"), 2000ms);
    EXPECT_EQ(parse_duration_ms("3"), 3000ms);
    EXPECT_EQ(parse_duration_ms("1h"), 1h);
    EXPECT_EQ(parse_duration_ms("3650d"), 3650 * 24h);
    EXPECT_THAT(error_of([] { parse_duration_ms("3651d"); }), HasSubstr("too long"));
    EXPECT_THAT(error_of([] { parse_duration_ms("99999999999999999999ms"); }),
                HasSubstr("too long"));
    for (std::string_view text : {"ms", "5 ms", "1.5s", "-1ms", "5mss", "5sm"}) {
        auto message = error_of([&] { parse_duration_ms(text); });
        EXPECT_THAT(message, HasSubstr("not a duration")) << text;
        EXPECT_THAT(message, HasSubstr("500ms")) << text;
    }
    // Whole seconds only where sub-second values make no sense.
    EXPECT_THAT(error_of([] { parse_duration("500ms"); }), HasSubstr("not a duration"));
}

// --- parse_count, parse_size ---------------------------------------------------------------

TEST(config_numbers, counts_are_whole_unsigned_numbers) {
    EXPECT_EQ(parse_count("0"), 0u);
    EXPECT_EQ(parse_count("20000"), 20000u);
    for (std::string_view text : {"", "-1", "+1", "1.5", "1e3", "12a", " 1"}) {
        EXPECT_THAT(error_of([&] { parse_count(text); }), HasSubstr("not a whole number")) << text;
    }
    EXPECT_THAT(error_of([] { parse_count("99999999999999999999999"); }), HasSubstr("too large"));
}

TEST(config_numbers, sizes_take_binary_units) {
    EXPECT_EQ(parse_size("1024"), 1024u);
    EXPECT_EQ(parse_size("1KiB"), 1024u);
    EXPECT_EQ(parse_size("64MiB"), 64u << 20);
    EXPECT_EQ(parse_size("64 mib"), 64u << 20);
    EXPECT_EQ(parse_size("2GiB"), std::uint64_t{2} << 30);
    EXPECT_EQ(parse_size("16GiB"), max_size_bytes);
    for (std::string_view text : {"64MB", "1k", "1G", "5 kb"}) {
        auto message = error_of([&] { parse_size(text); });
        EXPECT_THAT(message, HasSubstr("ambiguous")) << text;
        EXPECT_THAT(message, HasSubstr("MiB")) << text;
    }
    for (std::string_view text : {"", "MiB", "1.5MiB", "-1", "1 TiB", "64  MiB"}) {
        EXPECT_THAT(error_of([&] { parse_size(text); }), HasSubstr("not a size")) << text;
    }
    EXPECT_THAT(error_of([] { parse_size("17GiB"); }), HasSubstr("too large"));
    EXPECT_THAT(error_of([] { parse_size("99999999999999999999999"); }), HasSubstr("too large"));
}

TEST(config_numbers, check_range_names_the_bounds) {
    EXPECT_EQ(check_range(5, 1, 10, "fix"), 5u);
    auto message = error_of([] { check_range(11, 1, 10, "use e.g. 5"); });
    EXPECT_THAT(message, HasSubstr("out of range (1 to 10)"));
    EXPECT_THAT(message, HasSubstr("use e.g. 5"));
}

// --- normalize_sink_url, normalize_host ----------------------------------------------------

TEST(config_sink_url, accepts_http_and_https_with_paths) {
    EXPECT_EQ(normalize_sink_url("https://ES.Example.com:9200"), "https://es.example.com:9200");
    EXPECT_EQ(normalize_sink_url("HTTP://h.example/Ingest/V1/"), "http://h.example/Ingest/V1/");
    EXPECT_EQ(normalize_sink_url("https://[::1]:8088"), "https://[::1]:8088");
    EXPECT_EQ(normalize_sink_url("https://10.0.0.5"), "https://10.0.0.5");
}

TEST(config_sink_url, rejects_other_shapes) {
    EXPECT_THAT(error_of([] { normalize_sink_url("es.example.com:9200"); }),
                HasSubstr("not a URL"));
    EXPECT_THAT(error_of([] { normalize_sink_url("tcp://h.example"); }), HasSubstr("scheme"));
    EXPECT_THAT(error_of([] { normalize_sink_url("https://h.example/x?y=1"); }),
                HasSubstr("query"));
    EXPECT_THAT(error_of([] { normalize_sink_url("https://h.example#f"); }), HasSubstr("query"));
    EXPECT_THAT(error_of([] { normalize_sink_url("https://h.example/a b"); }),
                HasSubstr("percent-encode"));
    EXPECT_THAT(error_of([] { normalize_sink_url("https://h.example:99999"); }), HasSubstr("port"));
    EXPECT_THAT(error_of([] { normalize_sink_url("https:///x"); }), HasSubstr("no host"));
}

TEST(config_sink_url, credentials_are_refused_and_marked_never_to_echo) {
    for (std::string_view url : {"https://user:pw@h.example", "https://pw@h.example/x"}) {
        try {
            normalize_sink_url(url);
            ADD_FAILURE() << url;
        } catch (const value_error& e) {
            EXPECT_FALSE(e.may_echo()) << url;
            EXPECT_THAT(e.what(), HasSubstr("secret_file")) << url;
        }
    }
    try {
        normalize_sink_url("ftp://h");
        ADD_FAILURE();
    } catch (const value_error& e) {
        EXPECT_TRUE(e.may_echo());
    }
}

TEST(config_host, names_and_addresses) {
    EXPECT_EQ(normalize_host("SIEM.example.com"), "siem.example.com");
    EXPECT_EQ(normalize_host("192.0.2.7"), "192.0.2.7");
    EXPECT_EQ(normalize_host("fd00::1"), "fd00::1");
    EXPECT_EQ(normalize_host("[FD00::1]"), "fd00::1");
    EXPECT_THAT(error_of([] { normalize_host("siem.example.com:514"); }), HasSubstr("port"));
    EXPECT_THAT(error_of([] { normalize_host("tls://siem.example.com"); }), HasSubstr("not a URL"));
    EXPECT_THAT(error_of([] { normalize_host("siem example"); }), HasSubstr("not valid"));
    EXPECT_THAT(error_of([] { normalize_host("[fd00::1"); }), HasSubstr("not valid"));
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
    EXPECT_EQ(edit_distance("hots", "host"), 1u);
    EXPECT_EQ(edit_distance("ab", "ba"), 1u);
    EXPECT_EQ(edit_distance("tranpsort", "transport"), 1u);
    EXPECT_EQ(edit_distance("abc", "ca"), 3u);
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
