// The client credentials provider against the fake Salesforce over real TLS on loopback: the
// Consumer Key and Secret buy a usable token for the Run As user, cached until invalidated;
// each documented refusal carries the operator's fix and never the secret.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <string>

#include "auth/client_credentials_provider.hpp"
#include "auth_test_support.hpp"
#include "fake_salesforce/fake_salesforce.hpp"
#include "http/client.hpp"
#include "pki/test_pki.hpp"

namespace sfc::auth {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view client_id = "3MVG9cc.consumer.key";
constexpr std::string_view no_user_client_id = "3MVG9cc.without.run.as";
// Characters that need URL-encoding in a form body, so a wrong encoding fails the grant.
constexpr std::string_view secret = "S3cr3t+/=&%value";
constexpr std::string_view run_as = "integration@example.com";

using test_support::captured_log;
using test_support::run;

test::fake_salesforce_options options_with(const test::tls_pki& pki, bool my_domain) {
    test::fake_salesforce_options options;
    options.my_domain = my_domain;
    options.tls_cert_pem = pki.server_cert_pem;
    options.tls_key_pem = pki.server_key_pem;
    options.tls_ca_pem = pki.ca_cert_pem;
    test::connected_app app;
    app.client_id = client_id;
    app.client_secret = secret;
    app.run_as_username = run_as;
    options.apps.push_back(app);
    app.client_id = no_user_client_id;
    app.run_as_username.clear();
    options.apps.push_back(std::move(app));
    return options;
}

/// A My Domain fake and, for the one refusal it cannot give, a login-host fake; one PKI for both.
class client_credentials_test : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const test::tls_pki pki = test::make_tls_pki();
        my_domain_ = new test::fake_salesforce(options_with(pki, true));
        my_domain_->start();
        login_host_ = new test::fake_salesforce(options_with(pki, false));
        login_host_->start();
    }
    static void TearDownTestSuite() {
        delete login_host_;
        delete my_domain_;
    }

    std::unique_ptr<http::client> client_for(const test::fake_salesforce& fake) {
        http::client_options client_options;
        client_options.tls.ca_pem = fake.ca_cert_pem();
        return std::make_unique<http::client>(
            io_.get_executor(), fake.base_url(), std::move(client_options));
    }

    static client_credentials_settings settings(std::string_view id = client_id,
                                                std::string_view client_secret = secret) {
        return {std::string(id), std::string(client_secret), "acme"};
    }

    int tokens_issued() const { return my_domain_->stats().token_ok - before_.token_ok; }

    /// The oauth_error token() throws against `fake` (fails the test if it doesn't).
    oauth_error refusal(const test::fake_salesforce& fake, client_credentials_settings s) {
        const std::string given_secret = s.client_secret;
        auto client = client_for(fake);
        client_credentials_provider provider(*client, std::move(s));
        try {
            run(io_, provider.token());
        } catch (const oauth_error& e) {
            const std::string message = e.what();
            EXPECT_THAT(message, HasSubstr(fake.base_url() + "/services/oauth2/token: "));
            EXPECT_THAT(message, Not(HasSubstr("\n")));
            for (const auto& s : {given_secret, std::string(secret), http::url_encode(secret)}) {
                EXPECT_THAT(message, Not(HasSubstr(s)));
            }
            return e;
        }
        ADD_FAILURE() << "the token endpoint accepted";
        return oauth_error("", "", "", false);
    }

    /// The status of an API call made with `token`.
    unsigned api_status(http::client& client, const access_token& token) {
        http::request req;
        req.target = "/services/data/v64.0/limits";
        req.headers = {{"Authorization", "Bearer " + token.value}};
        return run(io_, client.send(std::move(req))).status;
    }

    static inline test::fake_salesforce* my_domain_ = nullptr;
    static inline test::fake_salesforce* login_host_ = nullptr;
    asio::io_context io_;
    test::fake_stats before_ = my_domain_->stats();
};

TEST_F(client_credentials_test, mints_a_usable_token_caches_invalidates_and_mints_again) {
    captured_log log;
    auto client = client_for(*my_domain_);
    client_credentials_provider provider(*client, settings());

    const access_token first = run(io_, provider.token());
    EXPECT_FALSE(first.value.empty());
    EXPECT_EQ(first.org_id, my_domain_->org_id());
    EXPECT_EQ(first.user_id.size(), 18u);
    EXPECT_EQ(first.instance_url, my_domain_->base_url());
    EXPECT_EQ(api_status(*client, first), 200u);
    EXPECT_EQ(tokens_issued(), 1);

    EXPECT_EQ(run(io_, provider.token()).value, first.value);  // cached
    provider.invalidate("some-older-token");                   // stale: ignored
    EXPECT_EQ(run(io_, provider.token()).value, first.value);
    EXPECT_EQ(tokens_issued(), 1);

    provider.invalidate(first.value);
    const access_token second = run(io_, provider.token());
    EXPECT_NE(second.value, first.value);
    EXPECT_EQ(api_status(*client, second), 200u);
    EXPECT_EQ(tokens_issued(), 2);

    const std::string logged = log.text();
    EXPECT_THAT(logged,
                HasSubstr("obtained an access token by client credentials for acme (org " +
                          my_domain_->org_id() + ", Run As user " + first.user_id + ")"));
    for (const auto& hidden : {std::string(secret), http::url_encode(secret), first.value}) {
        EXPECT_THAT(logged, Not(HasSubstr(hidden)));
    }
}

TEST_F(client_credentials_test, posts_to_the_my_domain_token_endpoint) {
    auto client = client_for(*my_domain_);
    client_credentials_provider provider(*client, settings());
    run(io_, provider.token());
    const auto requests = my_domain_->requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests.back().method, "POST");
    EXPECT_EQ(requests.back().target, "/services/oauth2/token");
    EXPECT_EQ(requests.back().status, 200);
}

TEST_F(client_credentials_test, wrong_secret_points_to_the_client_secret_settings) {
    const oauth_error e = refusal(*my_domain_, settings(client_id, "not-the-Secret-42"));
    EXPECT_EQ(e.code(), "invalid_client");
    EXPECT_EQ(e.description(), "invalid client credentials");
    EXPECT_TRUE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("salesforce.client_secret_file"));
    EXPECT_THAT(e.what(), Not(HasSubstr("not-the-Secret-42")));
}

TEST_F(client_credentials_test, app_without_run_as_user_is_told_to_set_one) {
    const oauth_error e = refusal(*my_domain_, settings(no_user_client_id));
    EXPECT_EQ(e.code(), "invalid_grant");
    EXPECT_EQ(e.description(), "no client credentials user enabled");
    EXPECT_THAT(e.what(), HasSubstr("Run As (Username)"));
    EXPECT_THAT(e.what(), HasSubstr("External Client App Step 14"));
}

TEST_F(client_credentials_test, login_host_is_refused_with_the_my_domain_hint) {
    const oauth_error e = refusal(*login_host_, settings());
    EXPECT_EQ(e.code(), "invalid_grant");
    EXPECT_EQ(e.description(), "request not supported on this domain");
    EXPECT_TRUE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("set salesforce.instance_url to the Current My Domain URL"));
}

TEST_F(client_credentials_test, unknown_consumer_key_points_to_the_client_id) {
    const oauth_error e = refusal(*my_domain_, settings("3MVG9unknown.key"));
    EXPECT_EQ(e.code(), "invalid_client_id");
    EXPECT_THAT(e.what(), HasSubstr("salesforce.client_id must be the Consumer Key"));
}

TEST_F(client_credentials_test, server_error_is_transient) {
    my_domain_->fail_next(test::endpoint::token, test::fault_kind::internal_error_html);
    const oauth_error e = refusal(*my_domain_, settings());
    EXPECT_EQ(e.code(), "ERROR_HTTP_500");
    EXPECT_FALSE(e.permanent());
}

}  // namespace
}  // namespace sfc::auth
