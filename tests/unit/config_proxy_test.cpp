// salesforce.proxy and salesforce.no_proxy: from the config, else from HTTPS_PROXY / NO_PROXY
// (through the injected environment), `proxy: none`, and passwords never shown in errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

using namespace test_support;

proxy_config proxy_of(std::string_view extra, std::map<std::string, std::string> env = {}) {
    return only_org(load_text(salesforce_block + std::string(extra), std::move(env)))
        .salesforce.proxy;
}

std::string proxy_error(std::string_view extra, std::map<std::string, std::string> env = {}) {
    return error_text(salesforce_block + std::string(extra), std::move(env));
}

TEST(config_proxy, no_proxy_anywhere_means_direct) {
    auto proxy = proxy_of("");
    EXPECT_TRUE(proxy.url.empty());
    EXPECT_THAT(proxy.no_proxy, IsEmpty());
    EXPECT_FALSE(proxy.from_env);
}

TEST(config_proxy, proxy_from_the_config_is_normalised) {
    auto proxy = proxy_of("  proxy: HTTP://Proxy.Example.com:3128/\n");
    EXPECT_EQ(proxy.url, "http://proxy.example.com:3128");
    EXPECT_FALSE(proxy.from_env);
    EXPECT_EQ(proxy_of("  proxy: proxy.example.com\n").url, "http://proxy.example.com");
    EXPECT_EQ(proxy_of("  proxy: http://u%40corp:p%25ss@[::1]:8080\n").url,
              "http://u%40corp:p%25ss@[::1]:8080");
}

TEST(config_proxy, config_wins_over_the_environment) {
    auto proxy = proxy_of("  proxy: http://mine:3128\n", {{"HTTPS_PROXY", "http://env:3128"}});
    EXPECT_EQ(proxy.url, "http://mine:3128");
    EXPECT_FALSE(proxy.from_env);
}

TEST(config_proxy, https_proxy_variable_is_taken_when_the_config_has_none) {
    auto proxy = proxy_of("", {{"HTTPS_PROXY", "http://env-proxy:3128"}});
    EXPECT_EQ(proxy.url, "http://env-proxy:3128");
    EXPECT_TRUE(proxy.from_env);
    // Upper case first, lower case as the fallback; an empty variable counts as unset.
    EXPECT_EQ(
        proxy_of("", {{"HTTPS_PROXY", "http://upper:1"}, {"https_proxy", "http://lower:2"}}).url,
        "http://upper:1");
    EXPECT_EQ(proxy_of("", {{"HTTPS_PROXY", ""}, {"https_proxy", "http://lower:2"}}).url,
              "http://lower:2");
}

TEST(config_proxy, proxy_none_ignores_the_environment) {
    auto proxy =
        proxy_of("  proxy: None\n", {{"HTTPS_PROXY", "http://env:3128"}, {"NO_PROXY", "internal"}});
    EXPECT_TRUE(proxy.url.empty());
    EXPECT_FALSE(proxy.from_env);
    EXPECT_THAT(proxy.no_proxy, IsEmpty());
}

TEST(config_proxy, no_proxy_as_a_list_or_a_comma_separated_string) {
    auto listed = proxy_of(
        "  proxy: http://p:3128\n  no_proxy: [Internal.Example.com, '*.corp', "
        "10.0.0.0/8, '::1', 'host:8443', '*']\n");
    EXPECT_THAT(
        listed.no_proxy,
        ElementsAre("internal.example.com", "*.corp", "10.0.0.0/8", "::1", "host:8443", "*"));
    auto joined = proxy_of("  proxy: http://p:3128\n  no_proxy: \"localhost, .svc,,127.0.0.1 \"\n");
    EXPECT_THAT(joined.no_proxy, ElementsAre("localhost", ".svc", "127.0.0.1"));
}

TEST(config_proxy, no_proxy_variable_is_taken_when_the_config_has_none) {
    auto proxy =
        proxy_of("", {{"HTTPS_PROXY", "http://p:3128"}, {"no_proxy", "a.example,b.example"}});
    EXPECT_THAT(proxy.no_proxy, ElementsAre("a.example", "b.example"));
    proxy = proxy_of("  no_proxy: [mine]\n",
                     {{"HTTPS_PROXY", "http://p:3128"}, {"NO_PROXY", "theirs"}});
    EXPECT_THAT(proxy.no_proxy, ElementsAre("mine"));
}

TEST(config_proxy, malformed_no_proxy_variable_is_ignored_without_a_proxy) {
    EXPECT_THAT(proxy_of("", {{"NO_PROXY", "http://not an entry"}}).no_proxy, IsEmpty());
}

TEST(config_proxy, https_and_other_schemes_are_refused) {
    auto message = proxy_error("  proxy: https://proxy.example.com:3128\n");
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.proxy")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("HTTPS proxy"),
                      HasSubstr("not supported"),
                      HasSubstr("http://host:port"),
                      HasSubstr("CONNECT")));
    message = proxy_error("  proxy: socks5://proxy.example.com:1080\n");
    EXPECT_THAT(message, AllOf(StartsWith(at(7, "salesforce.proxy")), HasSubstr("socks5://")));
}

TEST(config_proxy, password_is_masked_in_errors) {
    for (std::string url : {"https://alice:pa55w0rd@proxy:3128",
                            "http://alice:pa55w0rd@proxy:99999",
                            "http://alice:pa55/w0rd@proxy:3128/path",
                            "http://alice:pa55w0rd%zz@proxy:3128"}) {
        auto message = proxy_error("  proxy: \"" + url + "\"\n");
        EXPECT_THAT(message, StartsWith(at(7, "salesforce.proxy"))) << url;
        EXPECT_THAT(message, AllOf(HasSubstr("alice:****@proxy"), Not(HasSubstr("pa55")))) << url;
    }
}

TEST(config_proxy, path_and_bad_port_are_refused) {
    EXPECT_THAT(proxy_error("  proxy: http://proxy:3128/path\n"),
                AllOf(HasSubstr("path"), HasSubstr("http://[user:password@]host[:port]")));
    EXPECT_THAT(proxy_error("  proxy: http://proxy:0\n"), HasSubstr("1 to 65535"));
}

TEST(config_proxy, bad_environment_proxy_names_the_variable_not_the_value) {
    auto message = proxy_error("", {{"https_proxy", "https://bob:t0ps3cret@proxy:3128"}});
    EXPECT_THAT(message, StartsWith(at(1, "salesforce.proxy")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("https_proxy in the environment"),
                      HasSubstr("not shown"),
                      HasSubstr("set proxy: in this section"),
                      Not(HasSubstr("t0ps3cret")),
                      Not(HasSubstr("bob"))));
}

TEST(config_proxy, bad_environment_no_proxy_names_the_variable) {
    auto message =
        proxy_error("", {{"HTTPS_PROXY", "http://p:3128"}, {"NO_PROXY", "ok.example, bad host"}});
    EXPECT_THAT(message, StartsWith(at(1, "salesforce.no_proxy")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("NO_PROXY in the environment: entry 2"),
                      HasSubstr("set no_proxy: in this section")));
}

TEST(config_proxy, bad_no_proxy_entries_are_named) {
    auto message = proxy_error("  no_proxy: [good.example, 'http://bad.example']\n");
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.no_proxy[1]")));
    EXPECT_THAT(message, AllOf(HasSubstr("URL"), HasSubstr(".example.com")));
    message = proxy_error("  no_proxy: 'a.example, 10.0.0.0/40'\n");
    EXPECT_THAT(message, StartsWith(at(7, "salesforce.no_proxy")));
    EXPECT_THAT(message, AllOf(HasSubstr("entry 2"), HasSubstr("CIDR")));
    // Networks the matcher could never match: an octet over 255, too few octets.
    for (const char* network : {"999.0.0.0/8", "10.0.0/8", "10.0.0.0.1/8", "1000.0.0.0/8"}) {
        message = proxy_error("  no_proxy: ['" + std::string(network) + "']\n");
        EXPECT_THAT(message, HasSubstr("CIDR")) << network;
    }
    EXPECT_THAT(
        only_org(load_text(salesforce_block + "  proxy: http://p:3128\n  no_proxy: "
                                              "['255.255.0.0/16', '0.0.0.0/0', 'fd00::/8']\n"))
            .salesforce.proxy.no_proxy,
        ::testing::ElementsAre("255.255.0.0/16", "0.0.0.0/0", "fd00::/8"));
}

TEST(config_proxy, proxy_value_from_a_variable_reference_is_not_echoed) {
    auto message = proxy_error("  proxy: ${PROXY}\n", {{"PROXY", "ftp://carol:hunter2@proxy"}});
    EXPECT_THAT(message,
                AllOf(StartsWith(at(7, "salesforce.proxy")),
                      HasSubstr("environment variable, not shown"),
                      Not(HasSubstr("carol"))));
}

}  // namespace
}  // namespace sfc::config
