// Token endpoint refusals: each documented OAuth error gets its operator hint and the right
// retry class; bodies that are not OAuth JSON are handled and never quoted.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "auth/oauth_error.hpp"

namespace sfc::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view peer = "https://login.salesforce.com/services/oauth2/token";
constexpr std::string_view my_domain_peer = "https://acme.my.salesforce.com/services/oauth2/token";

std::string body(std::string_view error, std::string_view description) {
    return std::string(R"({"error":")") + std::string(error) + R"(","error_description":")" +
           std::string(description) + R"("})";
}

struct documented_case {
    std::string error;
    std::string description;
    std::string hint;  ///< a phrase the operator's hint must contain
    bool permanent;
};

void PrintTo(const documented_case& c, std::ostream* os) {
    *os << c.error << "/" << c.description;
}

class documented_error : public ::testing::TestWithParam<documented_case> {};

/// Checks the oauth_error for a 400 with `c`'s JSON from `from`, and returns its message.
std::string expect_documented(const documented_case& c, std::string_view from, grant_flow flow) {
    const oauth_error e = make_oauth_error(from, 400, body(c.error, c.description), flow);
    EXPECT_EQ(e.code(), c.error);
    EXPECT_EQ(e.description(), c.description);
    EXPECT_EQ(e.permanent(), c.permanent);
    const std::string message = e.what();
    const std::string reason = c.description.empty() ? c.error : c.error + ": " + c.description;
    EXPECT_THAT(message, StartsWith(std::string(from) + ": " + reason + " -- "));
    EXPECT_THAT(message, HasSubstr(c.hint));
    EXPECT_THAT(message, Not(HasSubstr("\n")));
    return message;
}

TEST_P(documented_error, maps_to_its_hint) {
    expect_documented(GetParam(), peer, grant_flow::jwt_bearer);
}

INSTANTIATE_TEST_SUITE_P(
    token_endpoint,
    documented_error,
    ::testing::Values(
        documented_case{"invalid_grant",
                        "user hasn't approved this consumer",
                        "'Admin approved users are pre-authorized', External Client App Step 12",
                        true},
        documented_case{"invalid_app_access",
                        "user is not admin approved to access this app",
                        "pre-authorize the user's profile or permission set in the External "
                        "Client App's Policies (App Policies, 'Admin approved users are "
                        "pre-authorized', External Client App Step 12)",
                        true},
        documented_case{"invalid_grant",
                        "invalid assertion",
                        "the certificate uploaded to the External Client App (server.crt, "
                        "External Client App Step 9) does not match the private key in "
                        "salesforce.private_key, or the key file is not server.pem",
                        true},
        documented_case{"invalid_grant",
                        "audience is invalid",
                        "set salesforce.login_url to https://login.salesforce.com (production) "
                        "or https://test.salesforce.com (sandbox)",
                        true},
        documented_case{"invalid_grant",
                        "expired authorization code",
                        "the clock of this host is off: sync it (NTP)",
                        true},
        documented_case{"invalid_grant", "inactive user", "deactivated", true},
        documented_case{"invalid_grant", "user is locked", "locked out", false},
        documented_case{"invalid_grant", "request not supported on this domain", "My Domain", true},
        documented_case{
            "invalid_grant", "no client credentials user enabled", "Run As (Username)", true},
        documented_case{"invalid_grant", "something new", "'Enable JWT Bearer Flow'", true},
        documented_case{"invalid_client_id",
                        "client identifier invalid",
                        "salesforce.client_id must be the Consumer Key from 'How to Find Client "
                        "ID (Consumer Key)'",
                        true},
        documented_case{"invalid_client", "invalid client credentials", "Consumer Key", true},
        documented_case{"invalid_client_credentials", "", "Consumer Key", true},
        documented_case{"unsupported_grant_type",
                        "grant type not supported",
                        "'Enable JWT Bearer Flow' (External Client App Step 8)",
                        true},
        documented_case{"inactive_org", "", "org is inactive", true},
        documented_case{"rate_limit_exceeded", "", "retries later", false},
        documented_case{"invalid_request", "", "salesforce.login_url", true},
        documented_case{"invalid_scope", "", "External Client App Step 7", true},
        documented_case{"brand_new_error", "who knows", "set-up guide", true}));

TEST(make_oauth_error, message_without_description_has_no_empty_field) {
    const auto e = make_oauth_error(peer, 400, R"({"error":"inactive_org"})");
    EXPECT_THAT(e.what(), StartsWith(std::string(peer) + ": inactive_org -- "));
    EXPECT_EQ(e.description(), "");
}

TEST(make_oauth_error, server_errors_are_transient_even_with_a_known_code) {
    const auto e = make_oauth_error(peer, 503, body("invalid_grant", "invalid assertion"));
    EXPECT_FALSE(e.permanent());
    EXPECT_EQ(e.code(), "invalid_grant");
}

TEST(make_oauth_error, html_from_a_proxy_is_transient_and_not_quoted) {
    const std::string html =
        "<html><body><h1>502 Bad Gateway</h1><p>00Dxx0000001gPL!AR8AQJXg5oj8</p></body></html>";
    const auto e = make_oauth_error(peer, 502, html);
    EXPECT_EQ(e.code(), "ERROR_HTTP_502");
    EXPECT_FALSE(e.permanent());
    const std::string message = e.what();
    EXPECT_THAT(message, StartsWith(std::string(peer) + ": ERROR_HTTP_502: "));
    EXPECT_THAT(message, HasSubstr("retries later"));
    EXPECT_THAT(message, Not(HasSubstr("html")));
    EXPECT_THAT(message, Not(HasSubstr("00Dxx0000001gPL!")));
}

TEST(make_oauth_error, empty_body) {
    const auto e = make_oauth_error(peer, 400, "");
    EXPECT_EQ(e.code(), "ERROR_HTTP_400");
    EXPECT_FALSE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("empty body"));
}

TEST(make_oauth_error, not_found_suggests_the_login_url) {
    const auto e = make_oauth_error(peer, 404, "Not Found");
    EXPECT_EQ(e.code(), "ERROR_HTTP_404");
    EXPECT_THAT(e.what(), HasSubstr("salesforce.login_url"));
}

TEST(make_oauth_error, json_without_an_error_field_is_treated_as_unknown) {
    const auto e = make_oauth_error(peer, 400, R"([{"message":"nope","errorCode":"X"}])");
    EXPECT_EQ(e.code(), "ERROR_HTTP_400");
    EXPECT_THAT(e.what(), Not(HasSubstr("nope")));
}

TEST(make_oauth_error, server_text_is_flattened_to_one_bounded_line) {
    const std::string long_text(1000, 'x');
    const auto e =
        make_oauth_error(peer, 400, body("invalid_grant", "line one\\nline two\\r" + long_text));
    const std::string message = e.what();
    EXPECT_THAT(message, Not(HasSubstr("\n")));
    EXPECT_THAT(message, Not(HasSubstr("\r")));
    EXPECT_THAT(message, HasSubstr("line one line two"));
    EXPECT_LT(message.size(), 700u);
}

/// A refusal of the client credentials grant, from the org's My Domain token endpoint.
oauth_error client_credentials_error(unsigned status, const std::string& response_body) {
    return make_oauth_error(my_domain_peer, status, response_body, grant_flow::client_credentials);
}

class client_credentials_error_hint : public ::testing::TestWithParam<documented_case> {};

TEST_P(client_credentials_error_hint, maps_to_its_hint) {
    const std::string message =
        expect_documented(GetParam(), my_domain_peer, grant_flow::client_credentials);
    // The JWT flow's settings would send the operator to the wrong place.
    EXPECT_THAT(message, Not(HasSubstr("salesforce.login_url")));
    EXPECT_THAT(message, Not(HasSubstr("JWT")));
    EXPECT_THAT(message, Not(HasSubstr("salesforce.username")));
}

INSTANTIATE_TEST_SUITE_P(
    client_credentials,
    client_credentials_error_hint,
    ::testing::Values(
        documented_case{"invalid_grant",
                        "request not supported on this domain",
                        "never on login.salesforce.com or test.salesforce.com: set "
                        "salesforce.instance_url to the Current My Domain URL",
                        true},
        documented_case{"invalid_grant",
                        "no client credentials user enabled",
                        "enable the client credentials flow and set a Run As user in the "
                        "External Client App's OAuth policies",
                        true},
        documented_case{"invalid_client",
                        "invalid client credentials",
                        "the client secret is wrong: check that salesforce.client_secret_file or "
                        "salesforce.client_secret_env holds the Consumer Secret",
                        true},
        documented_case{"invalid_client_credentials", "", "the client secret is wrong", true},
        documented_case{"invalid_client_id",
                        "client identifier invalid",
                        "salesforce.client_id must be the Consumer Key",
                        true},
        documented_case{"invalid_grant", "inactive user", "the Run As user", true},
        documented_case{"invalid_grant", "user is locked", "the Run As user", false},
        documented_case{"invalid_grant", "something new", "'Enable Client Credentials Flow'", true},
        documented_case{"unsupported_grant_type", "", "'Enable Client Credentials Flow'", true},
        documented_case{"invalid_request", "", "salesforce.instance_url", true},
        documented_case{"brand_new_error",
                        "who knows",
                        "salesforce.client_secret_file or salesforce.client_secret_env, and "
                        "salesforce.instance_url",
                        true}));

TEST(make_oauth_error, client_credentials_http_errors_name_the_instance_url) {
    const auto not_found = client_credentials_error(404, "Not Found");
    EXPECT_THAT(not_found.what(),
                HasSubstr("salesforce.instance_url does not look like a "
                          "Salesforce My Domain URL"));
    const auto proxy = client_credentials_error(403, "<html>denied</html>");
    EXPECT_THAT(proxy.what(), HasSubstr("check salesforce.instance_url"));
    EXPECT_THAT(proxy.what(), Not(HasSubstr("login_url")));
}

TEST(without_secret, cuts_the_secret_as_sent_and_url_encoded_from_every_field) {
    const std::string secret = "S3cret+/=value";
    const std::string echoed =
        body("invalid_client", "bad secret " + secret + " or S3cret%2B%2F%3Dvalue");
    const oauth_error e = without_secret(client_credentials_error(400, echoed), secret);
    const std::string message = e.what();
    EXPECT_THAT(message, Not(HasSubstr("S3cret")));
    EXPECT_THAT(e.description(), Not(HasSubstr("S3cret")));
    EXPECT_THAT(message, HasSubstr("bad secret <redacted> or <redacted>"));
    EXPECT_EQ(e.code(), "invalid_client");
    EXPECT_TRUE(e.permanent());
}

TEST(without_secret, leaves_an_error_without_the_secret_alone) {
    const oauth_error original = client_credentials_error(400, body("invalid_client", "nope"));
    const oauth_error e = without_secret(original, "S3cret-value");
    EXPECT_STREQ(e.what(), original.what());
    EXPECT_STREQ(without_secret(original, "").what(), original.what());
}

}  // namespace
}  // namespace sfc::auth
