// Retries inside rest_client against the fake: transient failures on a first page or on a
// nextRecordsUrl page are retried and return the same records; attempts run out with the last
// error; a 401 renews the token once and continues from the same page.
#include "salesforce_fixture.hpp"

#include "log_capture.hpp"
#include "pipeline/publisher.hpp"

#include <string>
#include <vector>

namespace sfc::salesforce {
namespace {

using namespace std::chrono;
using fixture::t0;

constexpr const char* soql = "SELECT Id FROM EventLogFile ORDER BY Id";

class retry_test : public fixture::rest_fixture {
protected:
    explicit retry_test(rest_settings settings = fixture::fast_settings())
        : rest_fixture(fixture::small_pages(), settings) {
        for (int i = 0; i < 5; ++i) add_file(t0 + minutes{i});  // three pages of two
    }

    // Every record of the query, page by page; `before_page(n)` runs before page n (from 0).
    std::vector<std::string> walk(const std::function<void(int)>& before_page = {}) {
        std::vector<std::string> records;
        int n = 0;
        if (before_page) before_page(n);
        query_page page = run(client_->query(soql));
        for (;;) {
            records.insert(records.end(), page.records_json.begin(), page.records_json.end());
            if (page.done) break;
            if (before_page) before_page(++n);
            page = run(client_->query_more(page.next_records_url));
        }
        return records;
    }

    // The records with `faults` of `kind` injected before page `at`.
    std::vector<std::string> walk_with_faults(int at, test::fault_kind kind, int faults) {
        return walk([&](int page) {
            if (page == at) fake_.fail_next(test::endpoint::query, kind, faults);
        });
    }

    test::log_capture log_;
};

class transient_fault_test : public retry_test,
                             public ::testing::WithParamInterface<test::fault_kind> {};

TEST_P(transient_fault_test, on_the_first_page_is_retried_with_the_same_records) {
    const auto reference = walk();
    ASSERT_EQ(reference.size(), 5u);
    EXPECT_EQ(walk_with_faults(0, GetParam(), 3), reference);  // 3 failures, 4th attempt
    EXPECT_EQ(fake_.stats().faults_injected, 3);
    EXPECT_EQ(log_.count(spdlog::level::warn, "retry 4 of 4 in "), 1);
}

TEST_P(transient_fault_test, on_a_next_records_page_is_retried_with_the_same_records) {
    const auto reference = walk();
    EXPECT_EQ(walk_with_faults(1, GetParam(), 2), reference);
    EXPECT_EQ(walk_with_faults(2, GetParam(), 1), reference);
    EXPECT_EQ(fake_.stats().faults_injected, 3);
    // Each retried page was asked for again, not the query restarted.
    EXPECT_EQ(requests_to(query_path), 3);
}

INSTANTIATE_TEST_SUITE_P(faults,
                         transient_fault_test,
                         ::testing::Values(test::fault_kind::server_unavailable,
                                           test::fault_kind::internal_error_html,
                                           test::fault_kind::bad_gateway_html,
                                           test::fault_kind::concurrent_limit,
                                           test::fault_kind::query_timeout));

TEST_F(retry_test, a_dropped_connection_is_retried_with_the_same_records) {
    // Counted apart: the HTTP client itself reconnects once when a kept-alive connection turns
    // out closed, so faults and attempts do not pair up one to one.
    const auto reference = walk();
    EXPECT_EQ(walk_with_faults(0, test::fault_kind::drop_connection, 2), reference);
    EXPECT_EQ(walk_with_faults(1, test::fault_kind::drop_connection, 2), reference);
    EXPECT_EQ(fake_.stats().faults_injected, 4);
    EXPECT_GE(log_.count(spdlog::level::warn, "retry 2 of 4 in "), 2);
}

TEST_F(retry_test, when_attempts_run_out_the_last_error_is_thrown) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::server_unavailable, 3);
    fake_.fail_next(test::endpoint::query, test::fault_kind::bad_gateway_html, 1);
    const api_error error = run_expecting_error(client_->query(soql));
    EXPECT_EQ(error.status(), 502u);
    EXPECT_EQ(error.error_code(), "ERROR_HTTP_502");
    EXPECT_EQ(error.kind(), error_kind::retryable);
    EXPECT_EQ(requests_to(query_path), 4);

    // One warning per retry, naming the origin and path, never the SOQL or a token.
    const auto lines = log_.lines();
    ASSERT_EQ(lines.size(), 3u);
    const std::string prefix =
        fake_.base_url() + ": GET /services/data/v64.0/query: HTTP 503 SERVER_UNAVAILABLE; ";
    EXPECT_EQ(lines[0].text.rfind(prefix + "retry 2 of 4 in ", 0), 0u) << lines[0].text;
    EXPECT_EQ(lines[1].text.rfind(prefix + "retry 3 of 4 in ", 0), 0u) << lines[1].text;
    EXPECT_EQ(lines[2].text.rfind(prefix + "retry 4 of 4 in ", 0), 0u) << lines[2].text;
    for (const auto& line : lines) {
        EXPECT_EQ(line.level, spdlog::level::warn);
        EXPECT_EQ(line.text.find("EventLogFile"), std::string::npos) << line.text;
        EXPECT_EQ(line.text.find(tokens_.issued.at(0)), std::string::npos);
    }
}

TEST_F(retry_test, a_fatal_error_is_not_retried) {
    const api_error error = run_expecting_error(client_->query("SELECT Nonsense FROM"));
    EXPECT_EQ(error.kind(), error_kind::fatal);
    EXPECT_EQ(requests_to(query_path), 1);
    EXPECT_TRUE(log_.lines().empty());
}

TEST_F(retry_test, a_401_on_a_next_records_page_renews_once_and_continues_there) {
    const auto reference = walk();
    const auto records = walk([&](int page) {
        if (page == 1)
            fake_.fail_next(test::endpoint::query, test::fault_kind::session_not_valid_for_rest);
    });
    EXPECT_EQ(records, reference);
    EXPECT_EQ(tokens_.mints, 2);
    EXPECT_EQ(tokens_.invalidated.size(), 1u);
    // The 401 and its renewed retry asked for the same nextRecordsUrl.
    const auto requests = fake_.requests();
    int unauthorized_at = -1;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (requests[i].status == 401) unauthorized_at = static_cast<int>(i);
    }
    ASSERT_GE(unauthorized_at, 0);
    ASSERT_LT(unauthorized_at + 1, static_cast<int>(requests.size()));
    EXPECT_NE(requests[unauthorized_at].target.find("/query/"), std::string::npos);
    EXPECT_EQ(requests[unauthorized_at + 1].target, requests[unauthorized_at].target);
    EXPECT_EQ(requests[unauthorized_at + 1].status, 200);
}

TEST_F(retry_test, expired_tokens_on_a_next_records_page_are_renewed) {
    const auto reference = walk();
    const auto records = walk([&](int page) {
        if (page == 2) fake_.expire_all_tokens();
    });
    EXPECT_EQ(records, reference);
    EXPECT_EQ(tokens_.mints, 2);
    EXPECT_EQ(fake_.stats().unauthorized, 1);
}

TEST_F(retry_test, a_second_401_on_a_next_records_page_is_auth_expired) {
    const query_page first = run(client_->query(soql));
    ASSERT_FALSE(first.done);
    fake_.fail_next(test::endpoint::query, test::fault_kind::session_not_valid_for_rest, 2);
    const api_error error = run_expecting_error(client_->query_more(first.next_records_url));
    EXPECT_EQ(error.kind(), error_kind::auth_expired);
    EXPECT_EQ(error.error_code(), "INVALID_SESSION_ID");
    EXPECT_EQ(tokens_.mints, 2);        // renewed once, then given up: no loop
    EXPECT_TRUE(log_.lines().empty());  // not a retry
}

class slow_retry_test : public retry_test {
protected:
    static rest_settings slow() {
        rest_settings s = fixture::fast_settings();
        s.retry.initial = seconds(10);
        s.retry.max = seconds(10);
        return s;
    }
    slow_retry_test() : retry_test(slow()) {}
};

TEST_F(slow_retry_test, a_stop_ends_the_backoff) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::server_unavailable);
    auto result = spawn(client_->query(soql));
    ASSERT_TRUE(run_until([&] { return log_.count(spdlog::level::warn, "retry 2 of 4") == 1; }));
    // The seed makes the jittered wait long enough that the retry cannot have started.
    EXPECT_EQ(log_.count(spdlog::level::warn, "ms"), 0) << log_.find("retry");
    EXPECT_FALSE(ready(result));
    stop_.request();
    ASSERT_TRUE(run_until([&] { return ready(result); }));
    EXPECT_THROW(result.get(), async::stopping);
    EXPECT_EQ(requests_to(query_path), 1);
}

}  // namespace
}  // namespace sfc::salesforce
