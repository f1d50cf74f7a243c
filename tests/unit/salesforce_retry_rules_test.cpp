#include "http/client.hpp"
#include "salesforce/duration_text.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/retry.hpp"

#include <gtest/gtest.h>

namespace sfc::salesforce {
namespace {

using namespace std::chrono_literals;

TEST(retry_schedule, counts_attempts_and_caps_each_wait) {
    retry_schedule schedule(retry_settings{4, 1s, 30s}, 1);
    EXPECT_EQ(schedule.next_attempt(), 1u);
    std::chrono::milliseconds ceiling = 1s;
    for (unsigned next = 2; next <= 4; ++next) {
        const auto wait = schedule.after_failure(std::nullopt);
        ASSERT_TRUE(wait.has_value()) << next;
        EXPECT_GE(*wait, 1ms);
        EXPECT_LE(*wait, ceiling);  // full jitter under a doubling ceiling
        EXPECT_EQ(schedule.next_attempt(), next);
        ceiling *= 2;
    }
    EXPECT_FALSE(schedule.after_failure(std::nullopt).has_value());  // 4 attempts in all
}

TEST(retry_schedule, honours_retry_after) {
    retry_schedule schedule(retry_settings{3, 1s, 30s}, 1);
    EXPECT_GE(*schedule.after_failure(20s), 20s);
}

TEST(retry_schedule, one_attempt_means_no_retry) {
    retry_schedule schedule(retry_settings{0, 1s, 30s}, 1);
    EXPECT_EQ(schedule.attempts(), 1u);
    EXPECT_FALSE(schedule.after_failure(std::nullopt).has_value());
}

TEST(retry_warning, names_the_path_without_the_soql) {
    retry_schedule schedule(retry_settings{}, 1);
    schedule.after_failure(std::nullopt);
    EXPECT_EQ(retry_warning("https://acme.my.salesforce.com",
                            "/services/data/v64.0/query?q=SELECT+Id+FROM+Secret",
                            "HTTP 503 SERVER_UNAVAILABLE",
                            schedule,
                            3s),
              "https://acme.my.salesforce.com: GET /services/data/v64.0/query: HTTP 503 "
              "SERVER_UNAVAILABLE; retry 2 of 4 in 3s");
}

TEST(failure_reason, is_the_status_and_code_of_an_api_error) {
    const api_error error("https://o", "GET", "/p", {503, "SERVER_UNAVAILABLE", "Server down"});
    EXPECT_EQ(failure_reason(error), "HTTP 503 SERVER_UNAVAILABLE");
}

TEST(failure_reason, says_what_was_wrong_with_a_garbled_body) {
    const api_error error("https://o",
                          "GET",
                          "/p",
                          {200, "MALFORMED_RESPONSE", "query response is not JSON: TAPE_ERROR"});
    EXPECT_EQ(failure_reason(error),
              "HTTP 200 MALFORMED_RESPONSE: query response is not JSON: TAPE_ERROR");
}

TEST(failure_reason, drops_the_peer_a_transport_error_starts_with) {
    EXPECT_EQ(failure_reason(http::transport_error("https://127.0.0.1:443: read failed: eof")),
              "read failed: eof");
    EXPECT_EQ(failure_reason(http::transport_error("https://[::1]:443: connect failed: refused")),
              "connect failed: refused");
    EXPECT_EQ(failure_reason(http::transport_error("no peer here: odd")), "no peer here: odd");
}

TEST(duration_text, reads_as_an_operator_writes_it) {
    EXPECT_EQ(duration_text(5min), "5m");
    EXPECT_EQ(duration_text(1h), "1h");
    EXPECT_EQ(duration_text(3s), "3s");
    EXPECT_EQ(duration_text(90s), "90s");
    EXPECT_EQ(duration_text(2500ms), "2.5s");
    EXPECT_EQ(duration_text(50ms), "50ms");
    EXPECT_EQ(duration_text(0ms), "0s");
}

}  // namespace
}  // namespace sfc::salesforce
