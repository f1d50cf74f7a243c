// Proxy URLs (credentials, defaults, errors that hide the password) and NO_PROXY matching.
#include "http/proxy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sfc::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The message of the std::invalid_argument that parse_proxy_url throws, or "" if it accepts.
std::string rejection(std::string_view url) {
    try {
        parse_proxy_url(url);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

TEST(HttpProxyUrl, HostAndPortWithoutCredentials) {
    const auto proxy = parse_proxy_url("http://proxy.example.com:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->host, "proxy.example.com");
    EXPECT_EQ(proxy->port, "3128");
    EXPECT_EQ(proxy->authorization, "");
    EXPECT_EQ(proxy->display, "http://proxy.example.com:3128");
}

TEST(HttpProxyUrl, PortDefaultsTo1080AndSchemeMayBeLeftOut) {
    const auto proxy = parse_proxy_url("  HTTP://Proxy.Example.com/ ");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->port, "1080");
    EXPECT_EQ(proxy->display, "http://Proxy.Example.com:1080");
    const auto bare = parse_proxy_url("10.1.2.3:8080");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->host, "10.1.2.3");
    EXPECT_EQ(bare->port, "8080");
}

TEST(HttpProxyUrl, EmptyMeansNoProxy) {
    EXPECT_FALSE(parse_proxy_url(""));
    EXPECT_FALSE(parse_proxy_url("   "));
}

TEST(HttpProxyUrl, Ipv6AddressInBrackets) {
    const auto proxy = parse_proxy_url("http://[::1]:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->host, "::1");
    EXPECT_EQ(proxy->port, "3128");
    EXPECT_EQ(proxy->display, "http://[::1]:3128");
}

TEST(HttpProxyUrl, CredentialsBecomeBasicAndStayOutOfTheDisplay) {
    const auto proxy = parse_proxy_url("http://alice:s3cret@proxy:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->authorization, "Basic YWxpY2U6czNjcmV0");  // alice:s3cret
    EXPECT_EQ(proxy->display, "http://proxy:3128");
}

TEST(HttpProxyUrl, CredentialsArePercentDecoded) {
    // user "dom\bob", password "p@ss:w/rd%"
    const auto proxy = parse_proxy_url("http://dom%5Cbob:p%40ss%3Aw%2Frd%25@proxy:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->authorization, "Basic ZG9tXGJvYjpwQHNzOncvcmQl");
}

TEST(HttpProxyUrl, UnescapedAtAndSlashInThePasswordStayInThePassword) {
    const auto proxy = parse_proxy_url("http://bob:p@ss/x@proxy:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->host, "proxy");
    EXPECT_EQ(proxy->authorization, "Basic Ym9iOnBAc3MveA==");  // bob:p@ss/x
}

TEST(HttpProxyUrl, UserWithoutPassword) {
    const auto proxy = parse_proxy_url("http://bob@proxy:3128");
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->authorization, "Basic Ym9iOg==");  // bob:
}

TEST(HttpProxyUrl, HttpsProxiesAreRefusedWithAReasonAndTheUrlMasked) {
    const auto error = rejection("https://alice:s3cret@proxy:3128");
    EXPECT_THAT(error, HasSubstr("proxy URL 'https://alice:****@proxy:3128'"));
    EXPECT_THAT(error, HasSubstr("https:// proxies are not supported"));
    EXPECT_THAT(error, Not(HasSubstr("s3cret")));
}

TEST(HttpProxyUrl, OtherSchemesAreRefused) {
    const auto error = rejection("socks5://bob:hunter2@proxy:1080");
    EXPECT_THAT(error, HasSubstr("scheme 'socks5' is not supported"));
    EXPECT_THAT(error, Not(HasSubstr("hunter2")));
}

TEST(HttpProxyUrl, MissingHostIsNamed) {
    EXPECT_THAT(rejection("http://"), HasSubstr("no host"));
    EXPECT_THAT(rejection("http://bob:hunter2@:3128"), HasSubstr("no host"));
    EXPECT_THAT(rejection("http://bob:hunter2@:3128"), Not(HasSubstr("hunter2")));
}

TEST(HttpProxyUrl, BadPortIsNamed) {
    EXPECT_THAT(rejection("http://proxy:99999"),
                HasSubstr("port '99999' is not a number from 1 to 65535"));
    EXPECT_THAT(rejection("http://proxy:abc"), HasSubstr("port 'abc'"));
    EXPECT_THAT(rejection("http://proxy:"), HasSubstr("port ''"));
    EXPECT_THAT(rejection("http://[::1]:0"), HasSubstr("port '0'"));
}

TEST(HttpProxyUrl, MalformedHostPathAndEscapesAreRefused) {
    EXPECT_THAT(rejection("http://pro xy:3128"), HasSubstr("host 'pro xy' is malformed"));
    EXPECT_THAT(rejection("http://proxy:3128/path"), HasSubstr("has no path"));
    const auto error = rejection("http://bob:50%zz@proxy:3128");
    EXPECT_THAT(error, HasSubstr("malformed %-escape"));
    EXPECT_THAT(error, Not(HasSubstr("50%zz")));
}

TEST(HttpNoProxy, StarMatchesEverything) {
    EXPECT_TRUE(bypass_proxy("x.my.salesforce.com", {"*"}));
    EXPECT_TRUE(bypass_proxy("10.0.0.1", {" * "}));
}

TEST(HttpNoProxy, DomainMatchesItselfAndSubdomainsOnly) {
    for (const std::string entry : {"salesforce.com", ".salesforce.com", "*.salesforce.com"}) {
        SCOPED_TRACE(entry);
        EXPECT_TRUE(bypass_proxy("salesforce.com", {entry}));
        EXPECT_TRUE(bypass_proxy("x.my.salesforce.com", {entry}));
        EXPECT_FALSE(bypass_proxy("notsalesforce.com", {entry}));
        EXPECT_FALSE(bypass_proxy("salesforce.com.evil.example", {entry}));
    }
}

TEST(HttpNoProxy, EntriesAreTrimmedCaseInsensitiveAndPortsIgnored) {
    EXPECT_TRUE(bypass_proxy("X.My.Salesforce.COM", {"  SALESFORCE.com  "}));
    EXPECT_TRUE(bypass_proxy("login.salesforce.com", {"salesforce.com:443"}));
    EXPECT_TRUE(bypass_proxy("login.salesforce.com.", {"salesforce.com."}));
    EXPECT_FALSE(bypass_proxy("login.salesforce.com", {"", " ", "example.com"}));
    EXPECT_FALSE(bypass_proxy("login.salesforce.com", {}));
}

TEST(HttpNoProxy, IpAddressesMatchExactly) {
    EXPECT_TRUE(bypass_proxy("127.0.0.1", {"localhost", "127.0.0.1"}));
    EXPECT_FALSE(bypass_proxy("127.0.0.10", {"127.0.0.1"}));
    EXPECT_FALSE(bypass_proxy("10.0.0.1", {"0.1"}));
    EXPECT_TRUE(bypass_proxy("::1", {"[::1]:443"}));
    EXPECT_TRUE(bypass_proxy("[::1]", {"0:0::1"}));
    EXPECT_FALSE(bypass_proxy("::2", {"::1"}));
}

TEST(HttpNoProxy, CidrMatchesAddressesInTheNetwork) {
    EXPECT_TRUE(bypass_proxy("10.200.3.4", {"10.0.0.0/8"}));
    EXPECT_FALSE(bypass_proxy("11.0.0.1", {"10.0.0.0/8"}));
    EXPECT_TRUE(bypass_proxy("192.168.1.130", {"192.168.1.128/25"}));
    EXPECT_FALSE(bypass_proxy("192.168.1.127", {"192.168.1.128/25"}));
    EXPECT_TRUE(bypass_proxy("1.2.3.4", {"0.0.0.0/0"}));
    EXPECT_TRUE(bypass_proxy("fd00::1", {"fd00::/8"}));
    EXPECT_FALSE(bypass_proxy("fd00::1", {"10.0.0.0/8"}));
    EXPECT_FALSE(bypass_proxy("10.0.0.1", {"10.0.0.0/33", "10.0.0.0/x", "bad/8"}));
    EXPECT_FALSE(bypass_proxy("corp.example.com", {"10.0.0.0/8"}));
}

TEST(HttpProxyFor, ProxyUnlessEmptyOrBypassed) {
    const auto proxy = proxy_for("x.my.salesforce.com", "http://proxy:3128", {"internal.example"});
    ASSERT_TRUE(proxy);
    EXPECT_EQ(proxy->display, "http://proxy:3128");
    EXPECT_FALSE(proxy_for("x.my.salesforce.com", "", {}));
    EXPECT_FALSE(proxy_for("x.my.salesforce.com", "http://proxy:3128", {"salesforce.com"}));
}

TEST(HttpProxyFor, ABadUrlIsReportedEvenForABypassedHost) {
    EXPECT_THROW(proxy_for("x.my.salesforce.com", "ftp://proxy", {"*"}), std::invalid_argument);
}

}  // namespace
}  // namespace sfc::http
