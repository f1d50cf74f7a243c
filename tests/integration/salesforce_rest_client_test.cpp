#include "pipeline/publisher.hpp"
#include "salesforce/soql.hpp"

#include "salesforce_fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace sfc::salesforce {
namespace {

using namespace std::chrono;
using fixture::t0;
using rest_client_test = fixture::rest_fixture;

TEST_F(rest_client_test, query_and_query_more_walk_every_page) {
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(add_file(t0 + minutes{i}).id);
    }
    elf_query_params params;
    params.interval = "Hourly";
    params.since = soql_datetime(t0);

    query_page page = run(client_->query(build_elf_query(params)));
    std::vector<std::string> seen;
    int pages = 1;
    for (;;) {
        EXPECT_EQ(page.total_size, 5u);
        for (const auto& json : page.records_json) {
            seen.push_back(parse_elf_record(json).id);
        }
        if (page.done) {
            break;
        }
        ASSERT_EQ(page.records_json.size(), 2u);
        page = run(client_->query_more(page.next_records_url));
        ++pages;
    }
    EXPECT_EQ(seen, ids);
    EXPECT_EQ(pages, 3);
    EXPECT_EQ(fake_.stats().query_more, 2);
    EXPECT_EQ(tokens_.mints, 1);
}

TEST_F(rest_client_test, record_json_carries_the_fields_the_source_needs) {
    const auto file = add_file(t0, 3);
    const query_page page = run(client_->query(
        "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, LogFile "
        "FROM EventLogFile WHERE Id = '" +
        file.id + "'"));
    ASSERT_EQ(page.records_json.size(), 1u);
    const elf_record record = parse_elf_record(page.records_json[0]);
    EXPECT_EQ(record.event_type, file.event_type);
    EXPECT_EQ(record.sequence, file.sequence);
    EXPECT_EQ(record.log_file_length, static_cast<double>(file.length));
    EXPECT_EQ(parse_sf_datetime(record.created_date), std::chrono::system_clock::time_point{t0});
    EXPECT_EQ(record.log_file, log_file_path(file.id));
}

TEST_F(rest_client_test, an_expired_token_is_renewed_once) {
    add_file(t0);
    run(client_->query("SELECT Id FROM EventLogFile"));
    EXPECT_TRUE(tokens_.invalidated.empty());
    fake_.expire_all_tokens();

    const query_page page = run(client_->query("SELECT Id FROM EventLogFile"));
    EXPECT_EQ(page.records_json.size(), 1u);
    EXPECT_EQ(tokens_.mints, 2);
    ASSERT_EQ(tokens_.issued.size(), 2u);
    EXPECT_EQ(tokens_.invalidated, std::vector<std::string>{tokens_.issued[0]});
    EXPECT_EQ(fake_.stats().unauthorized, 1);
}

TEST_F(rest_client_test, a_second_401_is_auth_expired) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::session_not_valid_for_rest, 2);
    const api_error error = run_expecting_error(client_->query("SELECT Id FROM EventLogFile"));
    EXPECT_EQ(error.kind(), error_kind::auth_expired);
    EXPECT_EQ(error.error_code(), "INVALID_SESSION_ID");
    EXPECT_EQ(tokens_.mints, 2);  // one renewal, not a loop
    EXPECT_EQ(fake_.stats().requests_by_path["/services/data/v64.0/query"], 2);
}

TEST_F(rest_client_test, a_streamed_download_equals_the_csv) {
    const auto file = add_file(t0, 500);
    int chunks = 0;
    const std::string body = download(log_file_path(file.id), &chunks);
    EXPECT_EQ(body, fake_.csv_text(file.id));
    EXPECT_EQ(body.size(), file.length);
    EXPECT_GE(chunks, 1);
}

class rest_client_gzip_test : public rest_client_test {
protected:
    static test::fake_salesforce_options gzip() {
        test::fake_salesforce_options options;
        options.gzip_log_files = true;
        return options;
    }
    rest_client_gzip_test() : rest_client_test(gzip()) {}
};

TEST_F(rest_client_gzip_test, a_gzip_download_arrives_inflated) {
    const auto file = add_file(t0, 2000);
    const std::string body = download(log_file_path(file.id));
    EXPECT_EQ(body, fake_.csv_text(file.id));
    const auto stats = fake_.stats();
    EXPECT_LT(stats.log_file_bytes, file.length);  // it really was compressed on the wire
    const auto requests = fake_.requests();
    ASSERT_FALSE(requests.empty());
    EXPECT_NE(requests.back().accept_encoding.find("gzip"), std::string::npos);
}

TEST_F(rest_client_test, a_401_before_a_download_is_retried_cleanly) {
    const auto file = add_file(t0, 50);
    run(client_->query("SELECT Id FROM EventLogFile"));
    fake_.expire_all_tokens();
    const std::string body = download(log_file_path(file.id));
    EXPECT_EQ(body, fake_.csv_text(file.id));
    EXPECT_EQ(tokens_.mints, 2);
    EXPECT_EQ(fake_.stats().unauthorized, 1);
    EXPECT_EQ(fake_.stats().log_file_started, 1);
}

TEST_F(rest_client_test, service_unavailable_on_every_attempt_is_retryable) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::server_unavailable, 4);
    const api_error error =
        run_expecting_error(client_->query("SELECT Id FROM EventLogFile WHERE Id = 'secret'"));
    EXPECT_EQ(error.kind(), error_kind::retryable);
    EXPECT_EQ(error.status(), 503u);
    EXPECT_EQ(error.error_code(), "SERVER_UNAVAILABLE");
    const std::string what = error.what();
    EXPECT_EQ(what,
              fake_.base_url() +
                  ": GET /services/data/v64.0/query: HTTP 503 SERVER_UNAVAILABLE: "
                  "Server Unavailable");
    EXPECT_EQ(requests_to(query_path), 4);
}

TEST_F(rest_client_test, an_html_502_on_a_download_is_retryable) {
    const auto file = add_file(t0);
    fake_.fail_next(test::endpoint::log_file, test::fault_kind::bad_gateway_html);
    const api_error error = run_expecting_error(client_->download_log_file(
        log_file_path(file.id), 0, [](std::string_view) -> boost::asio::awaitable<void> {
            co_return;
        }));
    EXPECT_EQ(error.kind(), error_kind::retryable);
    EXPECT_EQ(error.error_code(), "ERROR_HTTP_502");
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos);
}

TEST_F(rest_client_test, errors_name_the_problem_without_the_token_or_query) {
    const api_error error =
        run_expecting_error(client_->query("SELECT Nonsense FROM WHERE Secret"));
    EXPECT_EQ(error.kind(), error_kind::fatal);
    EXPECT_EQ(error.status(), 400u);
    const std::string what = error.what();
    EXPECT_NE(what.find("/services/data/v64.0/query: HTTP 400 "), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos);
    EXPECT_EQ(what.find("Bearer"), std::string::npos);
    EXPECT_EQ(what.find(fake_.org_id().substr(0, 15) + "!"), std::string::npos);
}

TEST_F(rest_client_test, an_unknown_log_file_is_fatal) {
    const api_error error = run_expecting_error(client_->download_log_file(
        log_file_path("0AT000000000000AAA"),
        0,
        [](std::string_view) -> boost::asio::awaitable<void> { co_return; }));
    EXPECT_EQ(error.status(), 404u);
    EXPECT_EQ(error.kind(), error_kind::fatal);
}

TEST_F(rest_client_test, the_daily_limit_fails_a_download_and_a_limits_call) {
    // Neither waits: a download is resumed by its caller, and /limits is the budget's check.
    const auto file = add_file(t0);
    fake_.set_api_limit(100);
    fake_.set_api_usage(100);
    const api_error download_error = run_expecting_error(client_->download_log_file(
        log_file_path(file.id), 0, [](std::string_view) -> boost::asio::awaitable<void> {
            co_return;
        }));
    EXPECT_EQ(download_error.kind(), error_kind::limit_exceeded);
    EXPECT_EQ(download_error.error_code(), "REQUEST_LIMIT_EXCEEDED");
    EXPECT_FALSE(client_->budget().admits());

    const api_error limits_error = run_expecting_error(client_->limits());
    EXPECT_EQ(limits_error.kind(), error_kind::limit_exceeded);
    EXPECT_EQ(requests_to(limits_path), 1);
}

TEST_F(rest_client_test, sforce_limit_info_is_kept) {
    EXPECT_FALSE(client_->last_usage().has_value());
    fake_.set_api_limit(5000);
    fake_.set_api_usage(41);
    run(client_->query("SELECT Id FROM EventLogFile"));
    const auto usage = client_->last_usage();
    ASSERT_TRUE(usage.has_value());
    EXPECT_EQ(usage->limit, 5000u);
    EXPECT_EQ(static_cast<std::int64_t>(usage->used), fake_.stats().api_usage);
    EXPECT_GT(usage->used, 41u);

    const auto file = add_file(t0);
    download(log_file_path(file.id));
    EXPECT_EQ(static_cast<std::int64_t>(client_->last_usage()->used), fake_.stats().api_usage);
    EXPECT_GT(client_->last_usage()->used, usage->used);
}

TEST_F(rest_client_test, transport_errors_propagate_unchanged_after_the_last_attempt) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::drop_connection, 4);
    EXPECT_THROW(run(client_->query("SELECT Id FROM EventLogFile")), http::transport_error);
    EXPECT_EQ(fake_.stats().faults_injected, 4);
    // The client recovers: the next request gets a new connection.
    EXPECT_NO_THROW(run(client_->query("SELECT Id FROM EventLogFile")));
}

TEST_F(rest_client_test, a_reset_mid_body_surfaces_after_partial_delivery) {
    const auto file = add_file(t0, 2000);
    fake_.reset_log_file_after_bytes(file.length / 2);
    std::string body;
    EXPECT_THROW(
        run(client_->download_log_file(log_file_path(file.id),
                                       0,
                                       [&](std::string_view chunk) -> boost::asio::awaitable<void> {
                                           body.append(chunk);
                                           co_return;
                                       })),
        http::transport_error);
    EXPECT_LE(body.size(), file.length / 2);
    EXPECT_EQ(body, fake_.csv_text(file.id).substr(0, body.size()));
    // A restart delivers the whole file.
    EXPECT_EQ(download(log_file_path(file.id)), fake_.csv_text(file.id));
}

TEST_F(rest_client_test, paths_outside_the_data_api_are_refused) {
    EXPECT_THROW(run(client_->query_more("https://evil.example/services/data/x")),
                 std::invalid_argument);
    EXPECT_THROW(run(client_->download_log_file(
                     "/services/data/v64.0/x\r\nX-Injected: 1",
                     0,
                     [](std::string_view) -> boost::asio::awaitable<void> { co_return; })),
                 std::invalid_argument);
    EXPECT_EQ(fake_.stats().requests, 0);
}

// Construction only: nothing is sent.
class construction : public ::testing::Test {
protected:
    class no_tokens : public auth::token_provider {
        boost::asio::awaitable<auth::access_token> token() override {
            co_return auth::access_token{};
        }
        void invalidate(std::string_view) override {}
    };

    boost::asio::io_context ioc_;
    http::client_pool pool_{ioc_.get_executor(), "https://127.0.0.1:1", {}, 1};
    async::stop_signal stop_{ioc_.get_executor()};
    no_tokens tokens_;
};

TEST_F(construction, the_version_must_look_like_one) {
    EXPECT_THROW(rest_client(pool_, tokens_, "latest", stop_), std::invalid_argument);
    EXPECT_THROW(rest_client(pool_, tokens_, "64", stop_), std::invalid_argument);
    EXPECT_EQ(rest_client(pool_, tokens_, "v64.0", stop_).api_version(), "64.0");
}

TEST_F(construction, a_budget_share_out_of_range_is_refused) {
    for (double share : {0.0, -0.5, 1.5}) {
        rest_settings settings;
        settings.budget.max_share = share;
        EXPECT_THROW(rest_client(pool_, tokens_, "64.0", stop_, settings), std::invalid_argument)
            << share;
    }
}

}  // namespace
}  // namespace sfc::salesforce

namespace sfc::salesforce {
namespace {

using namespace std::chrono;
using fixture::t0;

rest_settings short_download_deadline() {
    rest_settings s = fixture::fast_settings();
    s.download.floor = milliseconds(300);
    s.download.min_bytes_per_second = 1 << 20;  // small files: floor + 1 s
    return s;
}

class rest_deadline_test : public fixture::rest_fixture {
protected:
    rest_deadline_test() : rest_fixture(fixture::small_pages(), short_download_deadline()) {}

    boost::asio::awaitable<void> download_counting(std::string path,
                                                   std::uint64_t length,
                                                   std::size_t& received) {
        http::chunk_handler count =
            [&received](std::string_view chunk) -> boost::asio::awaitable<void> {
            received += chunk.size();
            co_return;
        };
        co_await client_->download_log_file(std::move(path), length, std::move(count));
    }
};

TEST(download_deadline, grows_with_the_length_from_a_floor) {
    const download_deadline d;  // the defaults: 5 min + length at 256 KiB/s
    EXPECT_EQ(d.for_length(0), minutes(5) + seconds(1));
    EXPECT_EQ(d.for_length(std::uint64_t(1) << 30), minutes(5) + seconds(4097));
    // A bogus LogFileLength cannot overflow the clock.
    EXPECT_GT(d.for_length(~std::uint64_t(0)), hours(24 * 30));
}

TEST_F(rest_deadline_test, a_trickling_download_fails_at_its_deadline) {
    const auto file = add_file(t0, 200);
    ASSERT_LT(file.length, 1u << 20) << "the deadline below assumes under 1 MiB";
    fake_.trickle_log_file_after_bytes(1000, milliseconds(20));
    std::size_t received = 0;
    std::string error;
    const auto started = steady_clock::now();
    try {
        run(download_counting(log_file_path(file.id), file.length, received));
    } catch (const http::transport_error& e) {
        error = e.what();
    }
    const auto took = steady_clock::now() - started;
    EXPECT_NE(error.find(fake_.base_url()), std::string::npos) << error;
    EXPECT_NE(error.find("did not complete within the request deadline of 1300 ms"),
              std::string::npos)
        << error;
    EXPECT_GE(received, 1000u);
    EXPECT_LT(received, file.length);
    EXPECT_LT(took, seconds(8));
    // The next download of the file is whole: the deadline left nothing behind.
    EXPECT_EQ(download(log_file_path(file.id)), fake_.csv_text(file.id));
}

TEST_F(rest_deadline_test, a_download_cancelled_by_a_stop_ends_as_stopping) {
    const auto file = add_file(t0, 2000);
    fake_.trickle_log_file_after_bytes(1000, hours(1));  // a stall
    std::size_t received = 0;
    auto done = spawn(download_counting(log_file_path(file.id), 0, received));
    ASSERT_TRUE(run_until([&] { return received >= 1000; }));
    stop_.request();
    pool_->cancel_all();
    ASSERT_TRUE(run_until([&] { return ready(done); }));
    EXPECT_THROW(done.get(), async::stopping);
}

TEST_F(rest_deadline_test, a_query_failing_while_stopping_is_not_retried) {
    fake_.fail_next(test::endpoint::query, test::fault_kind::stall);
    auto done = spawn(client_->query("SELECT Id FROM EventLogFile"));
    ASSERT_TRUE(run_until([&] { return fake_.stats().faults_injected == 1; }));
    stop_.request();
    pool_->cancel_all();
    ASSERT_TRUE(run_until([&] { return ready(done); }));
    EXPECT_THROW(done.get(), async::stopping);
    EXPECT_EQ(client_->counters().retries, 0u);
}

}  // namespace
}  // namespace sfc::salesforce
