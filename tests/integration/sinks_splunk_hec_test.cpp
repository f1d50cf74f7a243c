// The Splunk HEC sink against the fake HEC over TLS on loopback: delivery with fields, retries on
// busy servers, token and configuration errors, invalid events, gzip and indexer acknowledgement.
#include "format/event_json.hpp"
#include "sinks/sink_error.hpp"
#include "sinks/splunk_hec_sink.hpp"

#include "fake_siem/fake_splunk_hec.hpp"
#include "pki/test_pki.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

namespace sfc::sinks {
namespace {

using namespace std::chrono_literals;
using sfc::test::fake_hec_options;
using sfc::test::fake_splunk_hec;
using sfc::test::hec_ack_policy;
using sfc::test::hec_fault;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* org_id = "00D5j00000DgAYGEA3";

std::string event_json(std::size_t i, std::string_view extra = "") {
    return fmt::format(
        R"({{"EVENT_TYPE":"Login","N":"{}"{},"sfc":{{"event_id":"ev-{}","org_id":"{}",)"
        R"("source":"EventLogFile","event_type":"Login",)"
        R"("timestamp":"2024-03-11T15:00:00.123Z"}}}})",
        i,
        extra,
        i,
        org_id);
}

std::vector<sfc::event> make_events(std::size_t n) {
    std::vector<sfc::event> events;
    for (std::size_t i = 0; i < n; ++i) {
        events.push_back(format::event_from_json("ev-" + std::to_string(i), event_json(i)));
    }
    return events;
}

std::vector<std::string> ids_of(const std::vector<sfc::test::hec_stored_event>& stored) {
    std::vector<std::string> ids;
    for (const auto& e : stored) {
        const auto id = e.fields.find("event_id");
        ids.push_back(id == e.fields.end() ? "" : id->second);
    }
    return ids;
}

class SplunkHecSinkTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        pki_ = new sfc::test::tls_pki(sfc::test::make_tls_pki());
        dir_ = new std::filesystem::path(sfc::test::make_temp_dir("sfc-hec-test"));
        sfc::test::write_file(*dir_ / "ca.pem", pki_->ca_cert_pem);
    }
    static void TearDownTestSuite() {
        std::filesystem::remove_all(*dir_);
        delete dir_;
        delete pki_;
    }

    fake_splunk_hec& start_fake(fake_hec_options options = {}) {
        options.tls_cert_pem = pki_->server_cert_pem;
        options.tls_key_pem = pki_->server_key_pem;
        options.tls_ca_pem = pki_->ca_cert_pem;
        hec_ = std::make_unique<fake_splunk_hec>(std::move(options));
        return *hec_;
    }

    config::sink_config config_for(std::string_view token) const {
        static int files = 0;
        const auto token_file = *dir_ / fmt::format("token-{}", ++files);
        sfc::test::write_file(token_file, std::string(token) + "\n");
        config::sink_config config;
        config.type = config::sink_type::splunk_hec;
        config.http.url = hec_->base_url();
        config.http.index = "security";
        config.http.secret.file = token_file;
        config.http.tls.ca_file = *dir_ / "ca.pem";
        config.http.request_timeout = 10s;
        return config;
    }
    config::sink_config config_for_fake() const { return config_for(hec_->token()); }

    template <class T>
    T run(boost::asio::awaitable<T> task) {
        std::optional<T> out;
        std::exception_ptr error;
        boost::asio::co_spawn(ioc_, std::move(task), [&](std::exception_ptr e, T value) {
            error = e;
            if (!e) out = std::move(value);
        });
        ioc_.restart();
        ioc_.run();
        if (error) std::rethrow_exception(error);
        return std::move(*out);
    }

    send_result send(splunk_hec_sink& sink, std::span<const sfc::event> events) {
        return run(sink.send(events));
    }

    void stop(splunk_hec_sink& sink) {
        boost::asio::co_spawn(ioc_, sink.stop(), boost::asio::detached);
        ioc_.restart();
        ioc_.run();
    }

    static hec_ack_timing quick_acks(std::chrono::milliseconds timeout = 10s) {
        return hec_ack_timing{5ms, 20ms, timeout};
    }

    static sfc::test::tls_pki* pki_;
    static std::filesystem::path* dir_;
    boost::asio::io_context ioc_;
    std::unique_ptr<fake_splunk_hec> hec_;
};

sfc::test::tls_pki* SplunkHecSinkTest::pki_ = nullptr;
std::filesystem::path* SplunkHecSinkTest::dir_ = nullptr;

TEST_F(SplunkHecSinkTest, DeliversEveryEventOnceWithItsMetadata) {
    auto& hec = start_fake();
    splunk_hec_sink sink(config_for_fake(), ioc_.get_executor());
    EXPECT_EQ(sink.name(), "splunk_hec:" + hec.base_url());
    const auto events = make_events(3);

    const auto result = send(sink, events);
    EXPECT_EQ(result.status, send_status::ok) << result.detail;

    const auto stored = hec.events();
    ASSERT_EQ(stored.size(), 3u);
    for (std::size_t i = 0; i < stored.size(); ++i) {
        EXPECT_EQ(stored[i].event, events[i].json);
        EXPECT_EQ(stored[i].time, "1710169200.123");
        EXPECT_EQ(stored[i].source, "salesforce");
        EXPECT_EQ(stored[i].sourcetype, "sfdc:eventlogfile:login");
        EXPECT_EQ(stored[i].index, "security");
        EXPECT_EQ(stored[i].fields.at("event_id"), "ev-" + std::to_string(i));
        EXPECT_EQ(stored[i].fields.at("org_id"), org_id);
        EXPECT_EQ(stored[i].channel, "");
    }
    const auto requests = hec.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].path, "/services/collector/event");
    EXPECT_EQ(requests[0].content_encoding, "");
    stop(sink);
}

TEST_F(SplunkHecSinkTest, AcceptsAnEndpointUrlAndKeepsTheConnection) {
    auto& hec = start_fake();
    auto config = config_for_fake();
    config.http.url = hec.base_url() + "/services/collector";
    splunk_hec_sink sink(config, ioc_.get_executor());
    const auto events = make_events(2);
    EXPECT_EQ(send(sink, std::span(events).first(1)).status, send_status::ok);
    EXPECT_EQ(send(sink, std::span(events).last(1)).status, send_status::ok);
    EXPECT_THAT(ids_of(hec.events()), ElementsAre("ev-0", "ev-1"));
    stop(sink);
}

TEST_F(SplunkHecSinkTest, BusyServerIsRetriedWithRetryAfterThenDelivers) {
    auto& hec = start_fake();
    splunk_hec_sink sink(config_for_fake(), ioc_.get_executor());
    const auto events = make_events(3);
    // The drop comes first: on a fresh connection the client cannot take it for an idle close.
    hec.fail_next(hec_fault::drop_connection);
    hec.fail_next(hec_fault::busy, 1, 3s);
    hec.fail_next(hec_fault::internal_error);
    hec.fail_next(hec_fault::too_many_requests);

    EXPECT_EQ(send(sink, events).status, send_status::retry);  // connection dropped
    const auto busy = send(sink, events);
    EXPECT_EQ(busy.status, send_status::retry);
    EXPECT_EQ(busy.retry_after, 3000ms);
    EXPECT_THAT(busy.detail, HasSubstr("Server is busy (HTTP 503, code 9)"));
    EXPECT_THAT(send(sink, events).detail, HasSubstr("code 8"));
    EXPECT_EQ(send(sink, events).status, send_status::retry);  // 429
    EXPECT_TRUE(hec.events().empty());

    EXPECT_EQ(send(sink, events).status, send_status::ok);
    EXPECT_THAT(ids_of(hec.events()), ElementsAre("ev-0", "ev-1", "ev-2"));
    stop(sink);
}

TEST_F(SplunkHecSinkTest, RejectedTokenIsFatalAndNeverShown) {
    auto& hec = start_fake();
    const std::string wrong = "0badc0de-1111-4222-8333-444455556666";
    const auto config = config_for(wrong);
    splunk_hec_sink sink(config, ioc_.get_executor());

    const auto result = send(sink, make_events(1));
    EXPECT_EQ(result.status, send_status::fatal);
    EXPECT_THAT(result.detail, HasSubstr("HEC token rejected: Invalid token (HTTP 403, code 4)"));
    EXPECT_THAT(result.detail, HasSubstr(config.http.secret.file.string()));
    EXPECT_THAT(result.detail, Not(HasSubstr(wrong)));
    EXPECT_THAT(result.detail, Not(HasSubstr(hec.token())));
    EXPECT_EQ(hec.stats().auth_failures, 1);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, InvalidEventIsRejectedAndTheLaterOnesArriveOnTheResend) {
    auto& hec = start_fake();
    hec.set_reject_marker("POISON");
    splunk_hec_sink sink(config_for_fake(), ioc_.get_executor());
    auto events = make_events(5);
    events[2].json = event_json(2, R"(,"NOTE":"POISON")");

    const auto result = send(sink, events);
    EXPECT_EQ(result.status, send_status::partial) << result.detail;
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].index, 2u);
    EXPECT_THAT(result.rejected[0].reason, HasSubstr("Invalid data format"));
    EXPECT_THAT(result.retry, ElementsAre(3u, 4u));
    EXPECT_THAT(ids_of(hec.events()), ElementsAre("ev-0", "ev-1"));

    std::vector<sfc::event> again;
    for (const auto i : result.retry) again.push_back(events[i]);
    EXPECT_EQ(send(sink, again).status, send_status::ok);
    EXPECT_THAT(ids_of(hec.events()), ElementsAre("ev-0", "ev-1", "ev-3", "ev-4"));
    stop(sink);
}

// The benchmarks' receiver: every event is still checked, only not kept.
TEST_F(SplunkHecSinkTest, CountingOnlyFakeChecksAndCountsEventsWithoutKeepingThem) {
    fake_hec_options options;
    options.count_only = true;
    auto& hec = start_fake(std::move(options));
    hec.set_reject_marker("POISON");
    splunk_hec_sink sink(config_for_fake(), ioc_.get_executor());
    EXPECT_EQ(send(sink, make_events(4)).status, send_status::ok);
    std::vector<sfc::event> poisoned{{"ev-9", event_json(9, R"(,"NOTE":"POISON")")}};
    const auto result = send(sink, poisoned);
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(hec.stats().events_stored, 4u);
    EXPECT_TRUE(hec.events().empty());
    stop(sink);
}

TEST_F(SplunkHecSinkTest, GzipBodiesAreAccepted) {
    auto& hec = start_fake();
    auto config = config_for_fake();
    config.http.gzip = true;
    splunk_hec_sink sink(config, ioc_.get_executor());
    const auto events = make_events(50);

    EXPECT_EQ(send(sink, events).status, send_status::ok);
    EXPECT_EQ(hec.stats().gzip_requests, 1);
    EXPECT_EQ(hec.requests().at(0).content_encoding, "gzip");
    const auto stored = hec.events();
    ASSERT_EQ(stored.size(), 50u);
    EXPECT_EQ(stored[49].event, events[49].json);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, WrongIndexAndMissingChannelAreFatalWithTheFix) {
    fake_hec_options options;
    options.indexes = {"main"};
    options.ack = true;
    auto& hec = start_fake(options);
    splunk_hec_sink no_ack(config_for_fake(), ioc_.get_executor());
    EXPECT_THAT(send(no_ack, make_events(1)).detail, HasSubstr("set ack: true for this sink"));

    auto config = config_for_fake();
    config.http.hec_ack = true;
    splunk_hec_sink wrong_index(config, ioc_.get_executor(), quick_acks());
    const auto result = send(wrong_index, make_events(1));
    EXPECT_EQ(result.status, send_status::fatal);
    EXPECT_THAT(result.detail, HasSubstr("index 'security' (index)"));
    EXPECT_TRUE(hec.events().empty());
    stop(no_ack);
    stop(wrong_index);
}

TEST_F(SplunkHecSinkTest, WithAcksOkComesOnlyOnceTheBatchIsIndexed) {
    fake_hec_options options;
    options.ack = true;
    options.ack_policy = hec_ack_policy::after_polls;
    options.ack_after_polls = 2;
    auto& hec = start_fake(options);
    auto config = config_for_fake();
    config.http.hec_ack = true;
    splunk_hec_sink sink(config, ioc_.get_executor(), quick_acks());

    const auto result = send(sink, make_events(3));
    EXPECT_EQ(result.status, send_status::ok) << result.detail;
    const auto stats = hec.stats();
    EXPECT_EQ(stats.ack_queries, 3);  // false, false, then true
    EXPECT_EQ(stats.acks_reported, 1);
    for (const auto& request : hec.requests()) EXPECT_EQ(request.channel, sink.channel());
    for (const auto& stored : hec.events()) EXPECT_EQ(stored.channel, sink.channel());

    // The next batch gets the next ackId on the same channel.
    EXPECT_EQ(send(sink, make_events(1)).status, send_status::ok);
    EXPECT_EQ(hec.stats().acks_reported, 2);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, AckThatNeverComesAsksForARetryAfterTheTimeout) {
    fake_hec_options options;
    options.ack = true;
    options.ack_policy = hec_ack_policy::never;
    auto& hec = start_fake(options);
    auto config = config_for_fake();
    config.http.hec_ack = true;
    splunk_hec_sink sink(config, ioc_.get_executor(), quick_acks(200ms));

    const auto start = std::chrono::steady_clock::now();
    const auto result = send(sink, make_events(2));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
    EXPECT_EQ(result.status, send_status::retry);
    EXPECT_THAT(result.detail, HasSubstr("did not arrive"));
    EXPECT_THAT(result.detail, HasSubstr("index it twice"));
    EXPECT_GE(hec.stats().ack_queries, 2);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, TokenWithoutAcksFallsBackToTheTwoHundred) {
    auto& hec = start_fake();  // the token has no useACK: 200 without ackId
    auto config = config_for_fake();
    config.http.hec_ack = true;
    splunk_hec_sink sink(config, ioc_.get_executor(), quick_acks());

    EXPECT_EQ(send(sink, make_events(2)).status, send_status::ok);
    EXPECT_EQ(send(sink, make_events(1)).status, send_status::ok);
    EXPECT_EQ(hec.stats().ack_queries, 0);
    EXPECT_EQ(hec.events().size(), 3u);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, AckEndpointSayingDisabledFallsBackForGood) {
    fake_hec_options options;
    options.ack = true;
    options.ack_policy = hec_ack_policy::disabled;
    auto& hec = start_fake(options);
    auto config = config_for_fake();
    config.http.hec_ack = true;
    splunk_hec_sink sink(config, ioc_.get_executor(), quick_acks());

    EXPECT_EQ(send(sink, make_events(2)).status, send_status::ok);
    EXPECT_EQ(hec.stats().ack_queries, 1);
    EXPECT_EQ(send(sink, make_events(1)).status, send_status::ok);
    EXPECT_EQ(hec.stats().ack_queries, 1);  // no more queries
    EXPECT_EQ(hec.events().size(), 3u);
    stop(sink);
}

TEST_F(SplunkHecSinkTest, SetUpErrorsNameTheFieldNotTheSecret) {
    start_fake();
    auto config = config_for_fake();
    config.http.url = "splunk:8088";
    EXPECT_THROW(splunk_hec_sink(config, ioc_.get_executor()), sink_error);

    config = config_for("two words");
    try {
        splunk_hec_sink sink(config, ioc_.get_executor());
        FAIL() << "a token with a space was accepted";
    } catch (const sink_error& e) {
        EXPECT_THAT(e.what(), HasSubstr(config.http.secret.file.string()));
        EXPECT_THAT(e.what(), Not(HasSubstr("two words")));
    }
}

}  // namespace
}  // namespace sfc::sinks
