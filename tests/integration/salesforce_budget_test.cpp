// The API budget against the fake: requests pause at the configured share of the daily
// allocation (or when Salesforce says it is used up), only /limits is asked meanwhile, and
// they resume once the org's usage has dropped.
#include "salesforce_fixture.hpp"

#include "log_capture.hpp"
#include "pipeline/publisher.hpp"

#include <boost/asio/detached.hpp>

#include <string>
#include <vector>

namespace sfc::salesforce {
namespace {

using namespace std::chrono;
using fixture::t0;

constexpr unsigned concurrency = 3;
constexpr unsigned workers = 2 * concurrency;
constexpr const char* soql = "SELECT Id FROM EventLogFile";

rest_settings half_share() {
    rest_settings s = fixture::fast_settings();
    s.budget.max_share = 0.5;
    return s;
}

class budget_test : public fixture::rest_fixture {
protected:
    explicit budget_test(rest_settings settings = half_share())
        : rest_fixture(test::fake_salesforce_options{}, settings, concurrency) {
        add_file(t0);
    }

    // One of several users issuing queries until `planned_` have been started between them.
    boost::asio::awaitable<void> worker() {
        while (started_ < planned_) {
            ++started_;
            const query_page page = co_await client_->query(soql);
            if (page.records_json.size() == 1) ++completed_;
        }
        ++workers_done_;
    }

    // Twice as many users as clients: some always wait for a lease.
    void start_workers() {
        for (unsigned i = 0; i < workers; ++i) {
            boost::asio::co_spawn(ioc_, worker(), boost::asio::detached);
        }
    }

    int limits_checks() const { return requests_to(limits_path); }

    test::log_capture log_;
    int planned_ = 40;
    int started_ = 0;
    int completed_ = 0;
    unsigned workers_done_ = 0;
};

TEST_F(budget_test, pauses_at_the_share_and_resumes_when_usage_drops) {
    fake_.set_api_limit(1000);
    fake_.set_api_usage(490);                   // 49%: ten requests to go before the 50% share
    fake_.set_response_delay(milliseconds(5));  // so that requests overlap
    start_workers();

    ASSERT_TRUE(run_until([&] { return limits_checks() >= 2; }));
    const int paused_at = query_requests();
    // Admitted while under the share, plus at most the requests already in flight.
    EXPECT_GE(490 + paused_at, 500);
    EXPECT_LE(490 + paused_at, 500 + static_cast<int>(concurrency));
    EXPECT_LT(completed_, planned_);
    ASSERT_TRUE(run_until([&] { return limits_checks() >= 4; }));
    EXPECT_EQ(query_requests(), paused_at);  // only /limits while paused
    EXPECT_FALSE(client_->budget().admits());

    fake_.set_api_usage(300);
    ASSERT_TRUE(run_until([&] { return workers_done_ == workers; }));
    EXPECT_EQ(completed_, planned_);
    EXPECT_EQ(query_requests(), planned_);
    EXPECT_LE(pool_->peak_in_use(), concurrency);

    EXPECT_EQ(log_.count(spdlog::level::warn,
                         "reached the configured share 50%; pausing requests, "
                         "checking /limits every 50ms"),
              1);
    const std::string pause = log_.find("pausing requests");
    EXPECT_EQ(pause.rfind("org 00D5j00000DgAYG: API usage 50", 0), 0u) << pause;
    EXPECT_NE(pause.find(" of 1000 daily requests"), std::string::npos) << pause;
    EXPECT_EQ(log_.count(spdlog::level::info, "is below the share again; resuming"), 1);
    EXPECT_EQ(log_.find("resuming").rfind("org 00D5j00000DgAYG: API usage 30", 0), 0u);
}

class exhausted_test : public budget_test {
protected:
    exhausted_test() : budget_test(fixture::fast_settings()) {}  // the whole allocation
};

TEST_F(exhausted_test, total_requests_exceeded_waits_until_the_allocation_has_room) {
    fake_.set_api_limit(100);
    fake_.set_api_usage(100);
    auto result = spawn(client_->query(soql));
    ASSERT_TRUE(run_until([&] { return limits_checks() >= 3; }));
    EXPECT_FALSE(ready(result));
    EXPECT_EQ(requests_to(query_path), 1);  // the refused one; then /limits only
    EXPECT_EQ(fake_.stats().queries, 0);

    fake_.set_api_usage(60);
    ASSERT_TRUE(run_until([&] { return ready(result); }));
    EXPECT_EQ(result.get().records_json.size(), 1u);  // the same request, transparently
    EXPECT_EQ(requests_to(query_path), 2);
    EXPECT_EQ(log_.count(spdlog::level::warn, "the daily API allocation is used up"), 1);
    EXPECT_EQ(log_.count(spdlog::level::warn, "checking /limits failed"), 0);
    EXPECT_EQ(log_.count(spdlog::level::info, "resuming"), 1);
    EXPECT_TRUE(client_->budget().admits());
}

TEST_F(exhausted_test, a_stop_ends_the_pause) {
    fake_.set_api_limit(100);
    fake_.set_api_usage(100);
    auto result = spawn(client_->query(soql));
    ASSERT_TRUE(run_until([&] { return limits_checks() >= 1; }));
    stop_.request();
    ASSERT_TRUE(run_until([&] { return ready(result); }));
    EXPECT_THROW(result.get(), async::stopping);
}

class limits_test : public fixture::rest_fixture {
protected:
    static test::fake_salesforce_options with_app() {
        test::fake_salesforce_options options;
        test::connected_app app;
        app.client_id = "3MVG9-collector";
        app.name = "sfcollector";
        options.apps.push_back(app);
        return options;
    }
    limits_test() : rest_fixture(with_app(), half_share()) {}
};

TEST_F(limits_test, limits_reads_daily_api_requests_beside_nested_per_app_entries) {
    fake_.set_api_limit(15000);
    fake_.set_api_usage(1234);
    const org_limits limits = run(client_->limits());
    EXPECT_EQ(limits.daily_api_requests.max, 15000u);
    // /limits is an API request too, and agrees with the Sforce-Limit-Info it came with.
    EXPECT_EQ(fake_.stats().api_usage, 1235);
    EXPECT_EQ(limits.daily_api_requests.remaining, 15000u - 1235u);
    ASSERT_TRUE(client_->last_usage().has_value());
    EXPECT_EQ(client_->last_usage()->used, 1235u);
    EXPECT_EQ(client_->last_usage()->limit, 15000u);
}

TEST_F(limits_test, limits_is_asked_even_over_the_share) {
    fake_.set_api_limit(1000);
    fake_.set_api_usage(600);
    run(client_->query(soql));  // 601 of 1000: over the 50% share
    EXPECT_FALSE(client_->budget().admits());
    const org_limits limits = run(client_->limits());
    EXPECT_EQ(limits.daily_api_requests.remaining, 1000u - 602u);
}

}  // namespace
}  // namespace sfc::salesforce
