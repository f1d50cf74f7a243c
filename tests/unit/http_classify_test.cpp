// Pure helpers of the HTTP client: status classes, Retry-After, URL splitting and encoding.
#include "http/client.hpp"

#include <gtest/gtest.h>

namespace sfc::http {
namespace {

response with_headers(std::vector<header_field> headers) {
    response r;
    r.status = 503;
    r.headers = std::move(headers);
    return r;
}

TEST(HttpClassify, MapsStatusRanges) {
    EXPECT_EQ(classify(200), status_class::ok);
    EXPECT_EQ(classify(204), status_class::ok);
    EXPECT_EQ(classify(299), status_class::ok);
    EXPECT_EQ(classify(401), status_class::auth_expired);
    EXPECT_EQ(classify(408), status_class::retry);
    EXPECT_EQ(classify(429), status_class::retry);
    EXPECT_EQ(classify(500), status_class::retry);
    EXPECT_EQ(classify(503), status_class::retry);
    EXPECT_EQ(classify(599), status_class::retry);
    EXPECT_EQ(classify(403), status_class::forbidden);
    EXPECT_EQ(classify(400), status_class::fatal);
    EXPECT_EQ(classify(402), status_class::fatal);
    EXPECT_EQ(classify(413), status_class::fatal);
    EXPECT_EQ(classify(404), status_class::fatal);
    EXPECT_EQ(classify(301), status_class::fatal);
    EXPECT_EQ(classify(100), status_class::fatal);
    EXPECT_EQ(classify(0), status_class::fatal);
}

TEST(HttpClassify, OnlyAuthAndForbiddenRefuseCredentials) {
    EXPECT_TRUE(refuses_credentials(classify(401)));
    EXPECT_TRUE(refuses_credentials(classify(403)));
    for (const unsigned status : {200u, 400u, 404u, 407u, 429u, 500u}) {
        EXPECT_FALSE(refuses_credentials(classify(status))) << status;
    }
}

TEST(HttpRetryAfter, ReadsDeltaSeconds) {
    EXPECT_EQ(retry_after(with_headers({{"Retry-After", "120"}})), std::chrono::seconds(120));
    EXPECT_EQ(retry_after(with_headers({{"retry-after", " 7 "}})), std::chrono::seconds(7));
    EXPECT_EQ(retry_after(with_headers({{"Retry-After", "0"}})), std::chrono::seconds(0));
}

TEST(HttpRetryAfter, ReadsHttpDateAgainstTheDateHeader) {
    const auto r = with_headers({{"Date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                 {"Retry-After", "Wed, 21 Oct 2015 07:30:30 GMT"}});
    EXPECT_EQ(retry_after(r), std::chrono::seconds(150));
    const auto past = with_headers({{"Date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                    {"Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT"}});
    EXPECT_EQ(retry_after(past), std::chrono::seconds(0));
    const auto across_month = with_headers({{"Date", "Sat, 31 Jan 2026 23:59:59 GMT"},
                                            {"Retry-After", "Sun, 01 Feb 2026 00:00:09 GMT"}});
    EXPECT_EQ(retry_after(across_month), std::chrono::seconds(10));
}

TEST(HttpRetryAfter, AbsentOrMalformedIsNullopt) {
    EXPECT_FALSE(retry_after(with_headers({})));
    EXPECT_FALSE(retry_after(with_headers({{"Retry-After", "soon"}})));
    EXPECT_FALSE(retry_after(with_headers({{"Retry-After", "-5"}})));
    EXPECT_FALSE(retry_after(with_headers({{"Retry-After", "12abc"}})));
    EXPECT_FALSE(retry_after(with_headers({{"Retry-After", "Wed, 21 Oct 2015 07:30:30 GMT"}})));
    EXPECT_FALSE(retry_after(with_headers({{"Date", "Wed, 21 Oct 2015 07:28:00 GMT"},
                                           {"Retry-After", "Wed, 32 Oct 2015 07:30:30 GMT"}})));
}

TEST(HttpResponse, HeaderLookupIsCaseInsensitiveAndTakesTheFirst) {
    const auto r =
        with_headers({{"Content-Type", "text/csv"}, {"X-Twice", "one"}, {"x-twice", "two"}});
    EXPECT_EQ(r.header("content-type"), "text/csv");
    EXPECT_EQ(r.header("CONTENT-TYPE"), "text/csv");
    EXPECT_EQ(r.header("X-TWICE"), "one");
    EXPECT_FALSE(r.header("Content-Length"));
    EXPECT_FALSE(r.header("Content-Typ"));
}

TEST(HttpUrl, SplitsHostPortAndPath) {
    const auto plain = parse_https_url("https://example.my.salesforce.com");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->host, "example.my.salesforce.com");
    EXPECT_EQ(plain->port, "443");
    EXPECT_EQ(plain->path, "/");
    EXPECT_EQ(plain->origin(), "https://example.my.salesforce.com");

    const auto full = parse_https_url("HTTPS://127.0.0.1:8443/services/data?q=a#frag");
    ASSERT_TRUE(full);
    EXPECT_EQ(full->host, "127.0.0.1");
    EXPECT_EQ(full->port, "8443");
    EXPECT_EQ(full->path, "/services/data?q=a");
    EXPECT_EQ(full->origin(), "https://127.0.0.1:8443");

    const auto query_only = parse_https_url("https://h?x=1");
    ASSERT_TRUE(query_only);
    EXPECT_EQ(query_only->path, "/?x=1");
}

TEST(HttpUrl, ReadsBracketedIpv6) {
    const auto v6 = parse_https_url("https://[::1]:9443/x");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, "9443");
    EXPECT_EQ(v6->path, "/x");
    EXPECT_EQ(v6->origin(), "https://[::1]:9443");
    EXPECT_EQ(parse_https_url("https://[::1]")->origin(), "https://[::1]");
}

TEST(HttpUrl, RejectsWhatIsNotAnHttpsOrigin) {
    for (const char* bad : {"http://example.com",
                            "ftp://x",
                            "example.com",
                            "https://",
                            "https:///path",
                            "https://:443",
                            "https://host:0",
                            "https://host:65536",
                            "https://host:12ab",
                            "https://host:",
                            "https://user@host",
                            "https://[::1",
                            "https://[::1]x",
                            "https://[zz]",
                            "https://ho st"}) {
        EXPECT_FALSE(parse_https_url(bad)) << bad;
    }
}

TEST(HttpUrlEncode, KeepsUnreservedAndEncodesTheRest) {
    EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
    EXPECT_EQ(url_encode("SELECT Id FROM X"), "SELECT%20Id%20FROM%20X");
    EXPECT_EQ(url_encode("a+b=c&d/e?"), "a%2Bb%3Dc%26d%2Fe%3F");
    EXPECT_EQ(url_encode("2024-01-01T00:00:00+00:00"), "2024-01-01T00%3A00%3A00%2B00%3A00");
    EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(url_encode(std::string_view("\0", 1)), "%00");
    EXPECT_EQ(url_encode(""), "");
}

}  // namespace
}  // namespace sfc::http
