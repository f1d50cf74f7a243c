// The syslog sink over TCP (RFC 6587) against a real rsyslogd (imtcp).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>

#include "pki/test_pki.hpp"
#include "rsyslog/rsyslog_server.hpp"
#include "rsyslog/syslog_harness.hpp"
#include "sinks/sink_error.hpp"
#include "sinks/syslog_sink.hpp"

namespace sfc::sinks {
namespace {

using test::expected_output;
using test::run_on;
using transport = config::syslog_transport;

class syslog_tcp : public ::testing::Test {
protected:
    syslog_tcp() : dir_(test::make_temp_dir("sfc-syslog-tcp")), server_(dir_.path, {}) {}

    config::sink_config config() const {
        return test::syslog_config(transport::tcp, server_.port());
    }

    send_result send(syslog_sink& sink, const std::vector<event>& events) {
        return run_on(io_, sink.send(events));
    }

    test::scoped_dir dir_;  // outlives the server writing into it
    test::rsyslog_server server_;
    boost::asio::io_context io_;
    manual_clock clock_{test::fixed_time()};
};

TEST_F(syslog_tcp, octet_counted_events_arrive_whole_with_newlines_quotes_and_utf8) {
    const auto cfg = config();
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto events = test::tricky_events("oc");

    const auto result = send(sink, events);

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    EXPECT_TRUE(result.rejected.empty());
    const auto want = expected_output(events, cfg);
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_tcp, cef_and_leef_travel_as_the_msg_of_rfc5424) {
    auto cfg = config();
    cfg.syslog.format = config::syslog_format::cef;
    syslog_sink cef_sink(cfg, io_.get_executor(), clock_);
    auto leef_cfg = cfg;
    leef_cfg.syslog.format = config::syslog_format::leef;
    syslog_sink leef_sink(leef_cfg, io_.get_executor(), clock_);
    const auto events = test::plain_events("fmt", 2);

    ASSERT_EQ(send(cef_sink, events).status, send_status::ok);
    const auto want_cef = expected_output(events, cfg);
    ASSERT_EQ(server_.wait_for_bytes(want_cef.size()), want_cef);
    ASSERT_EQ(send(leef_sink, events).status, send_status::ok);

    const auto want = want_cef + expected_output(events, leef_cfg);
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
    EXPECT_NE(want.find("CEF:"), std::string::npos);
    EXPECT_NE(want.find("LEEF:"), std::string::npos);
}

TEST_F(syslog_tcp, lf_framing_rejects_an_event_with_a_line_feed_and_sends_the_rest) {
    auto cfg = config();
    cfg.syslog.framing = config::syslog_framing::lf;
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    auto events = test::plain_events("lf", 3);
    events.insert(events.begin() + 1, {"lf-broken", "{\"tag\":\"lf\",\"text\":\"a\nb\"}"});

    const auto result = send(sink, events);

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].index, 1u);
    EXPECT_NE(result.rejected[0].reason.find("octet_counting"), std::string::npos)
        << result.rejected[0].reason;
    const auto want = expected_output(events, cfg, {1});
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_tcp, an_oversize_message_is_rejected_whole_and_the_rest_delivered) {
    auto cfg = config();
    cfg.syslog.max_message_bytes = 600;
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    auto events = test::plain_events("big", 3);
    events[2].json = R"({"tag":"big","huge":")" + std::string(1000, 'x') + R"("})";

    const auto result = send(sink, events);

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].index, 2u);
    EXPECT_NE(result.rejected[0].reason.find("600"), std::string::npos);
    EXPECT_NE(result.rejected[0].reason.find("bytes"), std::string::npos);
    const auto want = expected_output(events, cfg, {2});
    const auto got = server_.wait_for_bytes(want.size());
    EXPECT_EQ(got, want);
    EXPECT_EQ(got.find("xxxx"), std::string::npos) << "a cut-down copy was sent";
}

TEST_F(syslog_tcp, receiver_down_is_a_quick_retry_and_the_next_send_reconnects) {
    const auto cfg = config();
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto first = test::plain_events("before", 2);
    ASSERT_EQ(send(sink, first).status, send_status::ok);
    const auto want_first = expected_output(first, cfg);
    ASSERT_EQ(server_.wait_for_bytes(want_first.size()), want_first);

    server_.stop();
    const auto second = test::plain_events("during", 2);
    const auto started = std::chrono::steady_clock::now();
    const auto down = send(sink, second);
    const auto took = std::chrono::steady_clock::now() - started;

    EXPECT_EQ(down.status, send_status::retry);
    EXPECT_NE(down.detail.find("syslog:tcp://127.0.0.1:" + std::to_string(server_.port())),
              std::string::npos)
        << down.detail;
    EXPECT_NE(down.detail.find("connect failed"), std::string::npos) << down.detail;
    EXPECT_LT(took, std::chrono::seconds(2)) << "a refused connect must not wait for a timeout";

    server_.start();
    const auto up = send(sink, second);
    ASSERT_EQ(up.status, send_status::ok) << up.detail;
    const auto want = want_first + expected_output(second, cfg);
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_tcp, stop_closes_and_a_later_send_opens_a_new_connection) {
    const auto cfg = config();
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto events = test::plain_events("stop", 1);
    ASSERT_EQ(send(sink, events).status, send_status::ok);
    run_on(io_, sink.stop());
    ASSERT_EQ(send(sink, events).status, send_status::ok);
    const auto want = expected_output(events, cfg) + expected_output(events, cfg);
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_tcp, name_shows_transport_host_and_port) {
    syslog_sink sink(config(), io_.get_executor(), clock_);
    EXPECT_EQ(sink.name(), "syslog:tcp://127.0.0.1:" + std::to_string(server_.port()));
}

TEST(syslog_tcp_deadline, a_receiver_that_stops_reading_makes_the_write_time_out) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    test::silent_listener hung;
    auto cfg = test::syslog_config(transport::tcp, hung.port());
    cfg.syslog.max_message_bytes = 70000;
    syslog_timeouts timeouts;
    timeouts.write = std::chrono::milliseconds(300);
    syslog_sink sink(cfg, io.get_executor(), clock, timeouts);
    // More than loopback socket buffers hold (the kernel caps them at a few MiB).
    std::vector<event> events(160, event{"big", std::string(64000, 'x')});

    const auto started = std::chrono::steady_clock::now();
    const auto result = run_on(io, sink.send(events));
    const auto took = std::chrono::steady_clock::now() - started;

    EXPECT_EQ(result.status, send_status::retry);
    EXPECT_NE(result.detail.find("write failed: timed out after 300 ms"), std::string::npos)
        << result.detail;
    EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(syslog_config, lf_framing_with_tls_is_refused_at_construction) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    auto cfg = test::syslog_config(transport::tls, 6514);
    cfg.syslog.framing = config::syslog_framing::lf;
    try {
        syslog_sink sink(cfg, io.get_executor(), clock);
        FAIL() << "constructed";
    } catch (const sink_error& e) {
        EXPECT_NE(std::string(e.what()).find("octet_counting"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("syslog:tls://127.0.0.1:6514"), std::string::npos);
    }
}

TEST(syslog_config, an_empty_host_is_refused) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    auto cfg = test::syslog_config(transport::tcp, 514);
    cfg.syslog.host.clear();
    EXPECT_THROW(syslog_sink(cfg, io.get_executor(), clock), sink_error);
}

}  // namespace
}  // namespace sfc::sinks
