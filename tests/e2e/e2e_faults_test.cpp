// The fault matrix: one run of the sfcollector binary against the fake Salesforce, through every
// failure the collector must ride out (the item 6), over a fixed data set. Afterwards
// every row is in the sink once, each with its own event id, and the run ended well.

#include <set>

#include "e2e/collector_fixture.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

constexpr std::size_t files = 12;
constexpr std::size_t rows_per_file = 2000;

class fault_matrix : public collector_fixture {
protected:
    void SetUp() override {
        collector_fixture::SetUp();
        auto o = fake_options();
        o.default_batch_size = 3;  // the listing takes several nextRecordsUrl pages
        start_fake(o);
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows_per_file;
        fake_->generate_dataset(d);
    }

    /// Faults are consumed by the requests of their endpoint in order, so these land early and
    /// the same way on every run.
    void plan_faults() {
        // Listing: the first query answers 503, then 502 (HTML); the first nextRecordsUrl page's
        // locator has expired (INVALID_QUERY_LOCATOR: listed again after the last file listed);
        // the tokens expire after the next page, so the page after that answers 401.
        fake_->fail_next(endpoint::query, fault_kind::server_unavailable);
        fake_->fail_next(endpoint::query, fault_kind::bad_gateway_html);
        fake_->expire_next_query_locators(1);
        fake_->expire_tokens_after_query_pages(1);
        // The first file: 500 (HTML); 401 "not valid for the REST API", whose re-sent request
        // loses its connection; then a reset two thirds into the CSV (resumed past the rows
        // already delivered).
        fake_->fail_next(endpoint::log_file, fault_kind::internal_error_html);
        fake_->fail_next(endpoint::log_file, fault_kind::session_not_valid_for_rest);
        fake_->fail_next(endpoint::log_file, fault_kind::drop_connection);
        fake_->reset_log_file_after_bytes(fake_->log_files().front().length * 2 / 3);
    }

    /// The first listing queries, in order.
    std::vector<request_entry> first_queries() const {
        std::vector<request_entry> out;
        for (auto& r : fake_->requests()) {
            if (r.target.find("/query?") != std::string::npos) out.push_back(r);
        }
        return out;
    }
};

}  // namespace

TEST_F(fault_matrix, one_run_through_every_fault_delivers_every_event_once) {
    plan_faults();
    auto child = start("once", write_config());
    // Mid-run the server goes away and comes back on the same port: the download in flight
    // breaks and every connection must be made (and TLS negotiated) again.
    ASSERT_TRUE(fake_->wait_for([](const fake_stats& s) { return s.log_file_started >= 6; }, 120s))
        << stderr_text();
    fake_->restart();
    const auto st = child->wait_for(300s);
    ASSERT_TRUE(st) << "sfcollector once did not finish; stderr:\n" << stderr_text();
    EXPECT_FALSE(st->signalled);
    EXPECT_EQ(st->code, 0) << "a pass that failed; stderr:\n" << stderr_text();

    EXPECT_EQ(expect_every_row_delivered(), 0u) << "rows delivered twice";
    std::set<std::string> ids;
    for (const auto& line : read_sink()) ids.insert(line.event_id);
    EXPECT_EQ(ids.size(), files * rows_per_file) << "one event id per row, none lost or shared";

    const auto stats = fake_->stats();
    EXPECT_EQ(stats.faults_injected, 2 + 1 + 3) << "every planned fault was met";
    EXPECT_GE(stats.unauthorized, 1) << "the page after the tokens expired";
    EXPECT_GE(stats.token_ok, 2) << "a new token after the 401s";
    EXPECT_GE(stats.log_file_aborted, 1) << "the reset";
    EXPECT_GE(stats.log_file_completed, int(files)) << "each file downloaded whole";
    const std::string err = stderr_text();
    for (const char* seen : {"SERVER_UNAVAILABLE",
                             "HTTP 502",
                             "HTTP 500",
                             "INVALID_QUERY_LOCATOR",
                             "listing again",
                             "download broke after"}) {
        EXPECT_NE(err.find(seen), std::string::npos) << seen << " not logged; stderr:\n" << err;
    }
}

// A body cut off mid-JSON (a proxy's or a connection's hiccup) and a 503 that asks for a pause
// with Retry-After: both are retried, the second no sooner than asked, and nothing is lost.
TEST_F(fault_matrix, a_truncated_body_and_retry_after_are_retried_as_asked) {
    fake_->fail_next(endpoint::query, fault_kind::truncated_json);
    fake_->fail_next(endpoint::query, fault_kind::server_unavailable_retry_after);
    const auto st = run("once", write_config());
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u) << "rows delivered twice";
    EXPECT_EQ(fake_->stats().faults_injected, 2);

    const auto queries = first_queries();
    ASSERT_GE(queries.size(), 3u);
    EXPECT_EQ(queries[0].status, 200) << "the truncated body";
    EXPECT_EQ(queries[1].status, 503);
    EXPECT_GE(queries[2].at - queries[1].at, 2s) << "asked again before Retry-After";
    const std::string err = stderr_text();
    EXPECT_NE(err.find("query response is not JSON"), std::string::npos) << err;
    EXPECT_NE(err.find("SERVER_UNAVAILABLE"), std::string::npos) << err;
}
