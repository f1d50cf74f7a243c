// The EventLogFile source in-process against the fake Salesforce: row-level resume, damaged
// CSV, files that vanish between listing and download.

#include "sources/elf_source.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <functional>
#include <set>

#include "fake_salesforce/fake_salesforce.hpp"
#include "fake_salesforce/issued_tokens.hpp"
#include "pki/test_pki.hpp"

namespace net = boost::asio;
using namespace std::chrono_literals;
using namespace sfc;

namespace {

/// Records every published event as "<log file id>#<row>" and delivers it at once; a hook runs
/// before each batch that has events.
class recording_publisher final : public pipeline::publisher {
public:
    net::awaitable<void> publish(event_batch batch, std::function<void()> delivered) override {
        if (batch.empty()) {
            delivered();
            co_return;
        }
        ++batches;
        if (before_batch) before_batch(batches);
        simdjson::dom::parser parser;
        for (const auto& e : batch.events) {
            simdjson::dom::element doc = parser.parse(e.json);
            std::string_view file = doc["sfc"]["log_file_id"];
            std::uint64_t row = doc["sfc"]["row"];
            rows.push_back(std::string(file) + "#" + std::to_string(row));
        }
        delivered();
    }
    /// Throw pipeline::stopping from here to play a batch that never reached the sink.
    std::function<void(int)> before_batch;
    int batches = 0;
    std::vector<std::string> rows;
};

class elf_source_test : public ::testing::Test {
protected:
    static void SetUpTestSuite() { pki_ = test::make_tls_pki(); }

    elf_source_test() : fake_(options()) {
        fake_.start();
        http::client_options o;
        o.tls.ca_pem = fake_.ca_cert_pem();
        http_ = std::make_unique<http::client>(ioc_.get_executor(), fake_.base_url(), o);
        rest_ = std::make_unique<salesforce::rest_client>(*http_, tokens_, "64.0");
    }
    ~elf_source_test() override { std::filesystem::remove_all(dir_); }

    static test::fake_salesforce_options options() {
        test::fake_salesforce_options o;
        o.tls_cert_pem = pki_.server_cert_pem;
        o.tls_key_pem = pki_.server_key_pem;
        o.tls_ca_pem = pki_.ca_cert_pem;
        return o;
    }

    /// A fresh source over the same state directory, as after a restart.
    std::unique_ptr<sources::elf_source> make_source(std::size_t batch_events = 100) {
        sources::elf_source_settings s;
        s.org_id = fake_.org_id();
        s.event_types = {"Login", "URI"};
        s.batch_events = batch_events;
        s.download_attempts = 2;
        return std::make_unique<sources::elf_source>(*rest_, s, store_, out_, stop_, clock_,
                                                     pipeline::backoff(1ms, 2ms, 1));
    }

    sources::poll_stats poll(sources::elf_source& src) {
        auto f = net::co_spawn(ioc_, src.poll(), net::use_future);
        ioc_.run();
        ioc_.restart();
        return f.get();
    }

    test::log_file_info add_file(std::size_t rows, std::chrono::minutes age) {
        test::log_file_spec spec;
        spec.rows = rows;
        spec.log_date = std::chrono::system_clock::now() - age - 1h;
        spec.created_date = std::chrono::system_clock::now() - age;
        return fake_.add_log_file(spec);
    }

    std::vector<std::string> all_rows() const {
        std::vector<std::string> out;
        for (const auto& f : fake_.log_files()) {
            for (std::size_t r = 1; r <= f.rows; ++r) out.push_back(f.id + "#" + std::to_string(r));
        }
        return out;
    }

    static inline test::tls_pki pki_;
    test::fake_salesforce fake_;
    net::io_context ioc_;
    test::issued_tokens tokens_{fake_};
    std::unique_ptr<http::client> http_;
    std::unique_ptr<salesforce::rest_client> rest_;
    std::filesystem::path dir_ = test::make_temp_dir("sfc-elf");
    state::checkpoint_store store_{dir_};
    recording_publisher out_;
    pipeline::stop_signal stop_{ioc_.get_executor()};
    sfc::system_clock clock_;
};

}  // namespace

TEST_F(elf_source_test, a_restart_resumes_inside_a_file_without_loss_or_repeats) {
    add_file(450, 90min);
    add_file(120, 60min);
    // The third batch never reaches the sink: the collector dies with it in flight.
    out_.before_batch = [](int n) {
        if (n == 3) throw pipeline::stopping();
    };
    auto first = make_source();
    EXPECT_THROW(poll(*first), pipeline::stopping);
    EXPECT_EQ(out_.rows.size(), 200u);

    out_.before_batch = nullptr;
    auto second = make_source();
    const auto stats = poll(*second);
    EXPECT_EQ(stats.files, 2u);
    EXPECT_EQ(stats.events, 250u + 120u);
    EXPECT_EQ(out_.rows, all_rows()) << "every row once, in order";
}

TEST_F(elf_source_test, the_next_poll_asks_only_for_files_after_the_cursor) {
    add_file(5, 90min);
    auto src = make_source();
    EXPECT_EQ(poll(*src).files, 1u);
    EXPECT_EQ(poll(*src).files, 0u);
    add_file(3, 10min);
    EXPECT_EQ(poll(*src).files, 1u);
    EXPECT_EQ(out_.rows, all_rows());
    const auto soql = fake_.stats().soql;
    ASSERT_EQ(soql.size(), 3u);
    EXPECT_NE(soql[0].find("CreatedDate >= "), std::string::npos) << soql[0];
    EXPECT_NE(soql[1].find("AND Id > '"), std::string::npos) << soql[1];
}

TEST_F(elf_source_test, a_damaged_csv_delivers_what_parses_and_does_not_block_later_files) {
    test::log_file_spec damaged;
    damaged.log_date = std::chrono::system_clock::now() - 3h;
    damaged.created_date = std::chrono::system_clock::now() - 2h;
    damaged.raw_body =
        "\"EVENT_TYPE\",\"REQUEST_ID\"\n\"Login\",\"r1\"\n\"Login\",\"r2\"\n\"Login\",\"r3 never "
        "closed\n";
    const auto bad = fake_.add_log_file(damaged);
    add_file(4, 60min);
    auto src = make_source();
    const auto stats = poll(*src);
    EXPECT_EQ(stats.files, 2u);
    ASSERT_EQ(out_.rows.size(), 2u + 4u);
    EXPECT_EQ(out_.rows[0], bad.id + "#1");
    EXPECT_EQ(out_.rows[1], bad.id + "#2");
    // And the cursor moved past it: the next poll finds nothing.
    EXPECT_EQ(poll(*src).files, 0u);
}

TEST_F(elf_source_test, a_file_deleted_after_listing_is_skipped) {
    const auto a = add_file(3, 90min);
    const auto gone = add_file(3, 60min);
    add_file(3, 30min);
    out_.before_batch = [&](int n) {
        if (n == 1) fake_.remove_log_file(gone.id);
    };
    auto src = make_source();
    const auto stats = poll(*src);
    EXPECT_EQ(stats.files, 3u);
    EXPECT_EQ(out_.rows.size(), 6u);
    EXPECT_EQ(out_.rows.front(), a.id + "#1");
}

TEST_F(elf_source_test, a_download_that_keeps_failing_leaves_the_cursor_for_the_next_poll) {
    add_file(10, 60min);
    fake_.fail_next(test::endpoint::log_file, test::fault_kind::server_unavailable, 2);
    auto src = make_source();
    EXPECT_THROW(poll(*src), std::runtime_error);
    EXPECT_TRUE(out_.rows.empty());
    EXPECT_EQ(poll(*src).files, 1u);
    EXPECT_EQ(out_.rows, all_rows());
}

TEST_F(elf_source_test, a_stop_request_ends_a_long_file_at_the_next_batch) {
    add_file(1000, 60min);
    out_.before_batch = [this](int n) {
        if (n == 2) stop_.request();
    };
    auto src = make_source();
    EXPECT_THROW(poll(*src), pipeline::stopping);
    EXPECT_EQ(out_.rows.size(), 200u) << "the batch in flight is finished, then it stops";
    out_.before_batch = nullptr;
    stop_ = pipeline::stop_signal(ioc_.get_executor());
    auto again = make_source();
    poll(*again);
    EXPECT_EQ(out_.rows, all_rows());
}
