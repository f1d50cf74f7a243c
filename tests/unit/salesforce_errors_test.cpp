#include "salesforce/errors.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sfc::salesforce {
namespace {

struct body_case {
    unsigned status;
    const char* body;
    const char* code;
    const char* message;
    error_kind kind;
};

// The error bodies of salesforce-api.md section 6.1.
const body_case documented_bodies[] = {
    {401, R"([{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}])",
     "INVALID_SESSION_ID", "Session expired or invalid", error_kind::auth_expired},
    {401,
     R"([{"message":"This session is not valid for use with the REST API",)"
     R"("errorCode":"INVALID_SESSION_ID"}])",
     "INVALID_SESSION_ID", "This session is not valid for use with the REST API",
     error_kind::auth_expired},
    {403,
     R"([{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}])",
     "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.", error_kind::limit_exceeded},
    {403,
     R"([{"message":"ConcurrentRequests (Concurrent API Requests) Limit exceeded.",)"
     R"("errorCode":"REQUEST_LIMIT_EXCEEDED"}])",
     "REQUEST_LIMIT_EXCEEDED", "ConcurrentRequests (Concurrent API Requests) Limit exceeded.",
     error_kind::retryable},  // clears in seconds: a short backoff, not the daily pause
    {400,
     R"([{"message":"\nLastModifiedById, LastModifiedDate, From Account \n)"
     R"(                                   ^\nERROR at Row:1:Column:78\n)"
     R"(unexpected token: 'From'","errorCode":"MALFORMED_QUERY"}])",
     "MALFORMED_QUERY",
     "\nLastModifiedById, LastModifiedDate, From Account \n"
     "                                   ^\nERROR at Row:1:Column:78\nunexpected token: 'From'",
     error_kind::fatal},
    {400,
     R"([{"message":"\nSELECT Id, FullName FROM Account\n           ^\n)"
     R"(ERROR at Row:1:Column:12\nNo such column 'FullName' on entity 'Account'.",)"
     R"("errorCode":"INVALID_FIELD"}])",
     "INVALID_FIELD",
     "\nSELECT Id, FullName FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column "
     "'FullName' on entity 'Account'.",
     error_kind::fatal},
    {400, R"([{"message":"sObject type 'Foo' is not supported.","errorCode":"INVALID_TYPE"}])",
     "INVALID_TYPE", "sObject type 'Foo' is not supported.", error_kind::fatal},
    // A slow query on a real org: retried like a 5xx.
    {400,
     R"([{"message":"Your query request was running for too long.","errorCode":"QUERY_TIMEOUT"}])",
     "QUERY_TIMEOUT", "Your query request was running for too long.", error_kind::retryable},
    {400, R"([{"errorCode":"INVALID_QUERY_LOCATOR","message":"invalid query locator"}])",
     "INVALID_QUERY_LOCATOR", "invalid query locator", error_kind::invalid_locator},
    {404, R"([{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}])",
     "NOT_FOUND", "The requested resource does not exist", error_kind::fatal},
    {503, R"([{"message":"Server Unavailable","errorCode":"SERVER_UNAVAILABLE"}])",
     "SERVER_UNAVAILABLE", "Server Unavailable", error_kind::retryable},
    {400, R"([{"message":"bad field","errorCode":"INVALID_FIELD","fields":["Foo__c"]}])",
     "INVALID_FIELD", "bad field", error_kind::fatal},
};

TEST(parse_api_error, reads_each_documented_body) {
    for (const auto& c : documented_bodies) {
        const api_error_info info = parse_api_error(c.status, c.body);
        EXPECT_EQ(info.status, c.status) << c.body;
        EXPECT_EQ(info.error_code, c.code) << c.body;
        EXPECT_EQ(info.message, c.message) << c.body;
        EXPECT_EQ(classify_error(info), c.kind) << c.body;
    }
}

TEST(parse_api_error, several_errors_become_multiple_api_errors) {
    const auto info = parse_api_error(
        400,
        R"([{"message":"first","errorCode":"INVALID_FIELD"},)"
        R"({"message":"second","errorCode":"MALFORMED_QUERY"}])");
    EXPECT_EQ(info.error_code, "MULTIPLE_API_ERRORS");
    EXPECT_EQ(info.message, "INVALID_FIELD: first; MALFORMED_QUERY: second");
}

TEST(parse_api_error, an_html_502_becomes_a_short_clean_excerpt) {
    std::string body =
        "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n"
        "<h1>Bad Gateway</h1>\n<p>Salesforce Edge couldn't reach the instance.</p>\n";
    body += std::string(1000, 'x') + "\n</body></html>\n";
    const auto info = parse_api_error(502, body);
    EXPECT_EQ(info.error_code, "ERROR_HTTP_502");
    EXPECT_EQ(info.message.rfind("502 Bad Gateway Bad Gateway Salesforce Edge couldn't", 0), 0u)
        << info.message;
    EXPECT_LE(info.message.size(), 203u);
    EXPECT_EQ(info.message.find_first_of("<>\n\r\t"), std::string::npos) << info.message;
    EXPECT_EQ(classify_error(info), error_kind::retryable);
}

TEST(parse_api_error, malformed_or_unexpected_json_falls_back_to_an_excerpt) {
    auto info = parse_api_error(400, R"([{"message":"cut off)");
    EXPECT_EQ(info.error_code, "ERROR_HTTP_400");
    EXPECT_EQ(info.message, R"([{"message":"cut off)");

    info = parse_api_error(500, R"({"unexpected":true})");
    EXPECT_EQ(info.error_code, "ERROR_HTTP_500");

    info = parse_api_error(400, R"([{"message":"no code"}])");
    EXPECT_EQ(info.error_code, "ERROR_HTTP_400");

    info = parse_api_error(500, "[]");
    EXPECT_EQ(info.error_code, "ERROR_HTTP_500");
    EXPECT_EQ(info.message, "empty error list");

    info = parse_api_error(504, "");
    EXPECT_EQ(info.error_code, "ERROR_HTTP_504");
    EXPECT_EQ(info.message, "empty body");
}

TEST(parse_api_error, reads_an_oauth_style_object) {
    const auto info =
        parse_api_error(400, R"({"error":"invalid_grant","error_description":"expired"})");
    EXPECT_EQ(info.error_code, "invalid_grant");
    EXPECT_EQ(info.message, "expired");
}

TEST(classify_error, by_status) {
    EXPECT_EQ(classify_error({401, "ERROR_HTTP_401", ""}), error_kind::auth_expired);
    EXPECT_EQ(classify_error({403, "INSUFFICIENT_ACCESS", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({408, "ERROR_HTTP_408", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({420, "ERROR_HTTP_420", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({429, "ERROR_HTTP_429", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({500, "ERROR_HTTP_500", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({502, "ERROR_HTTP_502", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({414, "ERROR_HTTP_414", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({400, "MALFORMED_QUERY", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({404, "INVALID_QUERY_LOCATOR", ""}), error_kind::invalid_locator);
}

// The codes refine the HTTP classes only where Salesforce says more than the status.
TEST(classify_error, codes_refine_the_http_class_within_4xx_only) {
    EXPECT_EQ(classify_error({403, "QUERY_TIMEOUT", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({403, "INVALID_QUERY_LOCATOR", ""}), error_kind::invalid_locator);
    EXPECT_EQ(classify_error({401, "REQUEST_LIMIT_EXCEEDED", ""}), error_kind::auth_expired);
    EXPECT_EQ(classify_error({400, "REQUEST_LIMIT_EXCEEDED", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({503, "INVALID_QUERY_LOCATOR", ""}), error_kind::retryable);
    EXPECT_EQ(classify_error({302, "INVALID_QUERY_LOCATOR", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({302, "QUERY_TIMEOUT", ""}), error_kind::fatal);
    EXPECT_EQ(classify_error({200, "QUERY_TIMEOUT", ""}), error_kind::fatal);
}

TEST(api_error, what_is_one_line_without_the_query_string) {
    const api_error error("https://acme.my.salesforce.com",
                          "GET",
                          "/services/data/v64.0/query?q=SELECT%20Id%20FROM%20SecretObject",
                          parse_api_error(400, documented_bodies[4].body),
                          std::chrono::seconds{7});
    const std::string what = error.what();
    EXPECT_EQ(what,
              "https://acme.my.salesforce.com: GET /services/data/v64.0/query: HTTP 400 "
              "MALFORMED_QUERY: LastModifiedById, LastModifiedDate, From Account ^ ERROR at "
              "Row:1:Column:78 unexpected token: 'From'");
    EXPECT_EQ(what.find("SecretObject"), std::string::npos);
    EXPECT_EQ(error.kind(), error_kind::fatal);
    EXPECT_EQ(error.status(), 400u);
    EXPECT_EQ(error.error_code(), "MALFORMED_QUERY");
    EXPECT_EQ(error.retry_after(), std::chrono::seconds{7});
}

TEST(api_error, kind_follows_the_status_unless_given) {
    const api_error limit("https://o", "GET", "/p", {403, "REQUEST_LIMIT_EXCEEDED", "x"});
    EXPECT_EQ(limit.kind(), error_kind::limit_exceeded);
    EXPECT_FALSE(limit.retry_after().has_value());
    const api_error garbled("https://o", "GET", "/p", {200, "MALFORMED_RESPONSE", ""},
                            error_kind::retryable);
    EXPECT_EQ(garbled.kind(), error_kind::retryable);
    EXPECT_STREQ(garbled.what(), "https://o: GET /p: HTTP 200 MALFORMED_RESPONSE");
}

TEST(one_line, collapses_whitespace_and_cuts_on_a_character_boundary) {
    EXPECT_EQ(one_line("  a\n\n b\t\x01 c  "), "a b c");
    std::string text;
    for (int i = 0; i < 300; ++i) {
        text += "\xC3\xA9";  // U+00E9, two bytes
    }
    const std::string cut = one_line(text, 201);
    EXPECT_EQ(cut, text.substr(0, 200) + "...");
}

TEST(to_string, names_every_kind) {
    EXPECT_EQ(to_string(error_kind::auth_expired), "auth_expired");
    EXPECT_EQ(to_string(error_kind::limit_exceeded), "limit_exceeded");
    EXPECT_EQ(to_string(error_kind::retryable), "retryable");
    EXPECT_EQ(to_string(error_kind::invalid_locator), "invalid_locator");
    EXPECT_EQ(to_string(error_kind::fatal), "fatal");
}

}  // namespace
}  // namespace sfc::salesforce
