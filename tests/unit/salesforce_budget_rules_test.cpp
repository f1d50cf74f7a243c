#include "pipeline/publisher.hpp"
#include "salesforce/api_budget.hpp"
#include "salesforce/errors.hpp"

#include "log_capture.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <deque>
#include <functional>
#include <future>
#include <stdexcept>
#include <vector>

namespace sfc::salesforce {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

TEST(reaches_share, at_or_above_the_share_of_a_known_limit) {
    EXPECT_TRUE(reaches_share({7500, 15000}, 0.5));
    EXPECT_TRUE(reaches_share({7600, 15000}, 0.5));
    EXPECT_FALSE(reaches_share({7499, 15000}, 0.5));
    EXPECT_TRUE(reaches_share({15000, 15000}, 1.0));
    EXPECT_FALSE(reaches_share({14999, 15000}, 1.0));
    EXPECT_FALSE(reaches_share({0, 0}, 0.5));  // no limit reported: nothing to hold to
}

// Answers the budget's checks from a script; the last answer repeats.
class scripted_probe : public usage_probe {
public:
    std::deque<std::function<api_usage()>> answers;
    int calls = 0;

    asio::awaitable<api_usage> current_usage() override {
        ++calls;
        auto answer = answers.front();
        if (answers.size() > 1) answers.pop_front();
        co_return answer();
    }
};

std::function<api_usage()> usage(std::uint64_t used, std::uint64_t limit) {
    return [=] { return api_usage{used, limit}; };
}

class api_budget_test : public ::testing::Test {
protected:
    api_budget make(double share, std::chrono::milliseconds interval) {
        return api_budget(ioc_.get_executor(), budget_settings{share, interval, "00Dx"}, stop_);
    }

    // Several requests waiting at once.
    std::vector<std::future<void>> admit_all(api_budget& budget, int n) {
        std::vector<std::future<void>> done;
        for (int i = 0; i < n; ++i) {
            done.push_back(asio::co_spawn(ioc_, budget.admit(probe_), asio::use_future));
        }
        return done;
    }

    void run() {
        ioc_.restart();
        ioc_.run_for(5s);
    }

    asio::io_context ioc_;
    async::stop_signal stop_{ioc_.get_executor()};
    scripted_probe probe_;
    test::log_capture log_{spdlog::level::debug};
};

TEST_F(api_budget_test, admits_until_a_reading_reaches_the_share) {
    api_budget budget = make(0.5, 1ms);
    EXPECT_TRUE(budget.admits());  // nothing known yet
    budget.observe({499, 1000});
    EXPECT_TRUE(budget.admits());
    budget.observe({500, 1000});
    EXPECT_FALSE(budget.admits());
    EXPECT_EQ(budget.last_usage()->used, 500u);
}

TEST_F(api_budget_test, one_waiter_checks_for_all_and_the_pause_is_logged_once) {
    api_budget budget = make(0.5, 1ms);
    budget.observe({600, 1000});
    probe_.answers = {usage(550, 1000), usage(520, 1000), usage(400, 1000)};
    auto done = admit_all(budget, 3);
    run();
    for (auto& d : done) EXPECT_NO_THROW(d.get());
    EXPECT_EQ(probe_.calls, 3);  // not three checkers each polling /limits
    EXPECT_TRUE(budget.admits());
    EXPECT_EQ(log_.count(spdlog::level::warn,
                         "org 00Dx: API usage 600 of 1000 daily requests reached the configured "
                         "share 50%; pausing requests, checking /limits every 1ms"),
              1);
    EXPECT_EQ(log_.count(spdlog::level::info,
                         "org 00Dx: API usage 400 of 1000 is below the share again; resuming"),
              1);
    EXPECT_EQ(log_.lines().size(), 2u);
}

TEST_F(api_budget_test, an_exhausted_allocation_waits_for_limits_to_show_room) {
    api_budget budget = make(1.0, 1ms);
    budget.observe({10, 1000});
    budget.exhausted();
    EXPECT_FALSE(budget.admits());
    probe_.answers = {[]() -> api_usage {
                          throw api_error(
                              "https://o",
                              "GET",
                              "/services/data/v64.0/limits/",
                              {403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."});
                      },
                      usage(1000, 1000),
                      usage(990, 1000)};
    auto done = admit_all(budget, 2);
    run();
    for (auto& d : done) EXPECT_NO_THROW(d.get());
    EXPECT_EQ(probe_.calls, 3);
    EXPECT_EQ(log_.count(spdlog::level::warn, "org 00Dx: the daily API allocation is used up"), 1);
    EXPECT_EQ(log_.count(spdlog::level::warn, "checking /limits failed"), 0);  // expected 403
    EXPECT_EQ(log_.count(spdlog::level::info, "API usage 990 of 1000 is below the share again"), 1);
}

// Salesforce's TotalRequests counter and /limits can disagree: a refusal right after /limits
// showed room is not news, and the pause and resumption it causes are logged at debug until a
// request is served again.
TEST_F(api_budget_test, a_refusal_right_after_resuming_pauses_quietly) {
    api_budget budget = make(1.0, 1ms);
    probe_.answers = {usage(10, 1000)};
    const auto pause_after_refusal = [&] {
        budget.exhausted();
        auto done = admit_all(budget, 1);
        run();
        EXPECT_NO_THROW(done[0].get());
    };
    pause_after_refusal();
    pause_after_refusal();  // refused again before any request was served
    pause_after_refusal();
    EXPECT_EQ(log_.count(spdlog::level::warn, "the daily API allocation is used up"), 1);
    EXPECT_EQ(log_.count(spdlog::level::info, "is below the share again; resuming"), 1);
    EXPECT_EQ(log_.count(spdlog::level::debug, "still refuses requests (TotalRequests)"), 2);

    budget.served();
    pause_after_refusal();  // after a served request, a refusal is news again
    EXPECT_EQ(log_.count(spdlog::level::warn, "the daily API allocation is used up"), 2);
    EXPECT_EQ(log_.count(spdlog::level::info, "is below the share again; resuming"), 2);
}

TEST_F(api_budget_test, a_failed_check_is_logged_and_the_pause_goes_on) {
    api_budget budget = make(0.5, 1ms);
    budget.observe({900, 1000});
    probe_.answers = {[]() -> api_usage { throw std::runtime_error("connect failed"); },
                      usage(100, 1000)};
    auto done = admit_all(budget, 1);
    run();
    EXPECT_NO_THROW(done[0].get());
    EXPECT_EQ(probe_.calls, 2);
    EXPECT_EQ(log_.count(spdlog::level::warn,
                         "org 00Dx: checking /limits failed (connect failed); requests stay "
                         "paused, checking again in 1ms"),
              1);
}

TEST_F(api_budget_test, a_stop_ends_every_wait) {
    api_budget budget = make(0.5, std::chrono::hours(1));
    budget.observe({900, 1000});
    probe_.answers = {usage(100, 1000)};
    auto done = admit_all(budget, 2);
    ioc_.poll();  // both wait: one on the check interval, one on the checker
    EXPECT_EQ(done[0].wait_for(0s), std::future_status::timeout);
    stop_.request();
    ioc_.restart();
    ioc_.poll();
    for (auto& d : done) EXPECT_THROW(d.get(), async::stopping);
    EXPECT_EQ(probe_.calls, 0);
}

}  // namespace
}  // namespace sfc::salesforce
