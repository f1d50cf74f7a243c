// The JWT bearer provider against the fake Salesforce over real TLS on loopback: a token is
// minted, cached, shared, invalidated and re-minted; refusals carry the operator's fix.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "auth/jwt_bearer_provider.hpp"
#include "auth_test_support.hpp"
#include "fake_salesforce/fake_salesforce.hpp"
#include "http/client.hpp"
#include "pki/test_pki.hpp"

namespace sfc::auth {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view client_id = "3MVG9test.consumer.key";
constexpr std::string_view username = "collector@example.com";
constexpr std::string_view audience = "https://login.salesforce.com";

using test_support::captured_log;
using test_support::run;

/// One fake and one pair of keys for the suite (key generation is what makes these tests slow);
/// every test has its own client and io_context, and counts requests as differences.
class token_test : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        identity_ = new test::rsa_identity(test::make_rsa_identity());
        stranger_ = new test::rsa_identity(test::make_rsa_identity("not-the-uploaded-one"));
        test::fake_salesforce_options options;
        test::connected_app app;
        app.client_id = client_id;
        app.certificate_pem = identity_->cert_pem;
        app.approved_usernames = {std::string(username)};
        app.not_admin_approved_usernames = {"not-approved@example.com"};
        options.apps.push_back(std::move(app));
        fake_ = new test::fake_salesforce(std::move(options));
        fake_->start();
    }
    static void TearDownTestSuite() {
        delete fake_;
        delete stranger_;
        delete identity_;
    }

    token_test() : before_(fake_->stats()) {
        http::client_options client_options;
        client_options.tls.ca_pem = fake_->ca_cert_pem();
        client_ = std::make_unique<http::client>(
            io_.get_executor(), fake_->base_url(), std::move(client_options));
    }

    int tokens_issued() const { return fake_->stats().token_ok - before_.token_ok; }
    int tokens_refused() const { return fake_->stats().token_failed - before_.token_failed; }

    jwt_bearer_settings settings(const std::string& key_pem,
                                 std::string user = {},
                                 std::string aud = {}) const {
        return jwt_bearer_settings{crypto::load_private_key_pem(key_pem, "server.pem"),
                                   std::string(client_id),
                                   user.empty() ? std::string(username) : user,
                                   aud.empty() ? std::string(audience) : aud};
    }

    jwt_bearer_provider provider(jwt_bearer_settings s) {
        return jwt_bearer_provider(*client_, std::move(s), clock_);
    }

    /// The oauth_error token() throws (fails the test if it doesn't).
    oauth_error refusal(jwt_bearer_settings s) {
        auto p = provider(std::move(s));
        try {
            run(io_, p.token());
        } catch (const oauth_error& e) {
            EXPECT_THAT(e.what(), HasSubstr(fake_->base_url() + "/services/oauth2/token: "));
            EXPECT_THAT(e.what(), Not(HasSubstr("eyJ")));  // no JWT (base64url of '{"')
            EXPECT_THAT(e.what(), Not(HasSubstr("\n")));
            return e;
        }
        ADD_FAILURE() << "the token endpoint accepted";
        return oauth_error("", "", "", false);
    }

    static inline test::rsa_identity* identity_ = nullptr;
    static inline test::rsa_identity* stranger_ = nullptr;  ///< a key Salesforce doesn't know
    static inline test::fake_salesforce* fake_ = nullptr;
    test::fake_stats before_;
    system_clock clock_;
    asio::io_context io_;
    std::unique_ptr<http::client> client_;
};

TEST_F(token_test, mints_caches_invalidates_and_mints_again) {
    captured_log log;
    auto p = provider(settings(identity_->key_pkcs1_pem));

    const access_token first = run(io_, p.token());
    EXPECT_FALSE(first.value.empty());
    EXPECT_EQ(first.org_id, fake_->org_id());
    EXPECT_EQ(first.user_id.size(), 18u);
    EXPECT_FALSE(first.instance_url.empty());
    EXPECT_EQ(tokens_issued(), 1);

    EXPECT_EQ(run(io_, p.token()).value, first.value);  // cached
    p.invalidate("some-older-token");                   // stale: ignored
    EXPECT_EQ(run(io_, p.token()).value, first.value);
    EXPECT_EQ(tokens_issued(), 1);

    p.invalidate(first.value);
    const access_token second = run(io_, p.token());
    EXPECT_NE(second.value, first.value);
    EXPECT_EQ(tokens_issued(), 2);

    const std::string logged = log.text();
    EXPECT_THAT(logged,
                HasSubstr("obtained an access token for collector@example.com (org " +
                          fake_->org_id() + ")"));
    EXPECT_THAT(logged, Not(HasSubstr(first.value)));
    EXPECT_THAT(logged, Not(HasSubstr(second.value)));
}

TEST_F(token_test, sends_a_form_post_to_the_token_endpoint) {
    auto p = provider(settings(identity_->key_pem));
    run(io_, p.token());
    const auto requests = fake_->requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_EQ(requests.back().method, "POST");
    EXPECT_EQ(requests.back().target, "/services/oauth2/token");
    EXPECT_EQ(requests.back().status, 200);
    EXPECT_EQ(tokens_issued(), 1);
}

TEST_F(token_test, concurrent_callers_share_one_mint) {
    auto p = provider(settings(identity_->key_pkcs1_pem));
    std::vector<std::future<access_token>> results;
    for (int i = 0; i < 3; ++i) results.push_back(asio::co_spawn(io_, p.token(), asio::use_future));
    io_.run();
    const std::string value = results[0].get().value;
    EXPECT_EQ(results[1].get().value, value);
    EXPECT_EQ(results[2].get().value, value);
    EXPECT_EQ(tokens_issued(), 1);
}

TEST_F(token_test, a_failed_mint_reaches_every_waiter) {
    auto p = provider(settings(stranger_->key_pem));
    std::vector<std::future<access_token>> results;
    for (int i = 0; i < 2; ++i) results.push_back(asio::co_spawn(io_, p.token(), asio::use_future));
    io_.run();
    EXPECT_THROW(results[0].get(), oauth_error);
    EXPECT_THROW(results[1].get(), oauth_error);
    EXPECT_EQ(tokens_refused(), 1);
}

TEST_F(token_test, wrong_key_gives_the_invalid_assertion_advice) {
    const oauth_error e = refusal(settings(stranger_->key_pkcs1_pem));
    EXPECT_EQ(e.code(), "invalid_grant");
    EXPECT_EQ(e.description(), "invalid assertion");
    EXPECT_TRUE(e.permanent());
    EXPECT_THAT(e.what(), HasSubstr("server.crt, External Client App Step 9"));
}

TEST_F(token_test, user_without_admin_approval_is_told_to_pre_authorize) {
    const oauth_error e = refusal(settings(identity_->key_pem, "not-approved@example.com"));
    EXPECT_EQ(e.code(), "invalid_app_access");
    EXPECT_THAT(e.what(), HasSubstr("External Client App Step 12"));
}

TEST_F(token_test, unknown_user_is_told_to_pre_authorize) {
    const oauth_error e = refusal(settings(identity_->key_pem, "stranger@example.com"));
    EXPECT_EQ(e.description(), "user hasn't approved this consumer");
    EXPECT_THAT(e.what(), HasSubstr("pre-authorized"));
}

TEST_F(token_test, wrong_audience_points_to_the_login_url) {
    const oauth_error e =
        refusal(settings(identity_->key_pem, {}, "https://example.my.salesforce.com"));
    EXPECT_EQ(e.description(), "audience is invalid");
    EXPECT_THAT(e.what(), HasSubstr("salesforce.login_url"));
}

TEST_F(token_test, stale_clock_points_to_ntp) {
    manual_clock late(std::chrono::system_clock::now() - std::chrono::hours(1));
    jwt_bearer_provider p(*client_, settings(identity_->key_pem), late);
    try {
        run(io_, p.token());
        FAIL() << "an expired assertion was accepted";
    } catch (const oauth_error& e) {
        EXPECT_EQ(e.description(), "expired authorization code");
        EXPECT_THAT(e.what(), HasSubstr("NTP"));
    }
}

TEST_F(token_test, server_error_is_transient) {
    fake_->fail_next(test::endpoint::token, test::fault_kind::internal_error_html);
    const oauth_error e = refusal(settings(identity_->key_pem));
    EXPECT_EQ(e.code(), "ERROR_HTTP_500");
    EXPECT_FALSE(e.permanent());
    auto p = provider(settings(identity_->key_pem));
    EXPECT_FALSE(run(io_, p.token()).value.empty());  // the next attempt succeeds
}

TEST_F(token_test, dropped_connection_is_a_transport_error) {
    fake_->fail_next(test::endpoint::token, test::fault_kind::drop_connection);
    auto p = provider(settings(identity_->key_pem));
    EXPECT_THROW(run(io_, p.token()), http::transport_error);
}

}  // namespace
}  // namespace sfc::auth
