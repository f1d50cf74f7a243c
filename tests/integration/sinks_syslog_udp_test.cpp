// The syslog sink over UDP (RFC 5426) against a real rsyslogd (imudp).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>

#include "log_capture.hpp"
#include "pki/test_pki.hpp"
#include "rsyslog/rsyslog_server.hpp"
#include "rsyslog/syslog_harness.hpp"
#include "sinks/syslog_sink.hpp"

namespace sfc::sinks {
namespace {

using test::expected_output;
using test::run_on;

test::rsyslog_options udp_input() {
    test::rsyslog_options o;
    o.input = test::rsyslog_options::listener::udp;
    return o;
}

class syslog_udp : public ::testing::Test {
protected:
    syslog_udp() : dir_(test::make_temp_dir("sfc-syslog-udp")), server_(dir_.path, udp_input()) {}

    config::sink_config config() const {
        return test::syslog_config(config::syslog_transport::udp, server_.port());
    }

    test::scoped_dir dir_;  // outlives the server writing into it
    test::rsyslog_server server_;
    boost::asio::io_context io_;
    manual_clock clock_{test::fixed_time()};
};

TEST_F(syslog_udp, one_message_per_datagram_without_framing) {
    const auto cfg = config();
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    EXPECT_EQ(sink.name(), "syslog:udp://127.0.0.1:" + std::to_string(server_.port()));
    // One at a time: UDP keeps no order between datagrams the receiver handles in parallel.
    std::string want;
    for (const auto& e : test::tricky_events("udp")) {
        const std::vector<event> one{e};
        const auto result = run_on(io_, sink.send(one));
        ASSERT_EQ(result.status, send_status::ok) << result.detail;
        want += expected_output(one, cfg);
        ASSERT_EQ(server_.wait_for_bytes(want.size()), want);
    }
}

TEST_F(syslog_udp, a_message_over_the_limit_is_rejected_and_the_rest_sent) {
    auto cfg = config();
    cfg.syslog.max_message_bytes = 1u << 20;  // above what a datagram can carry
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    std::vector<event> events{{"small", R"({"n":1})"},
                              {"huge", R"({"huge":")" + std::string(70000, 'x') + R"("})"}};

    const auto result = run_on(io_, sink.send(events));

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_EQ(result.rejected[0].index, 1u);
    EXPECT_NE(result.rejected[0].reason.find("65000"), std::string::npos)
        << result.rejected[0].reason;
    const auto want = expected_output(events, cfg, {1});
    EXPECT_EQ(server_.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_udp, max_message_bytes_applies_to_datagrams_too) {
    auto cfg = config();
    cfg.syslog.max_message_bytes = 300;
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const std::vector<event> events{{"long", R"({"text":")" + std::string(400, 'y') + R"("})"}};

    const auto result = run_on(io_, sink.send(events));

    ASSERT_EQ(result.rejected.size(), 1u);
    EXPECT_NE(result.rejected[0].reason.find("max_message_bytes (300)"), std::string::npos)
        << result.rejected[0].reason;
}

constexpr const char* refused_warning = "the receiver refuses datagrams (ICMP port unreachable)";

// Nobody listens: the first datagram draws an ICMP "port unreachable", which the connected
// socket reports on the next send. UDP is best effort: that must never hold events back.
TEST(syslog_udp_refused, refused_datagrams_are_dropped_with_one_warning_per_episode) {
    test::log_capture logs(spdlog::level::debug);
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    const auto port = test::free_loopback_port(true);
    const auto cfg = test::syslog_config(config::syslog_transport::udp, port);
    syslog_sink sink(cfg, io.get_executor(), clock);

    for (int round = 0; round < 5; ++round) {
        const auto started = std::chrono::steady_clock::now();
        const auto result = run_on(io, sink.send(test::plain_events("refused", 4)));
        ASSERT_EQ(result.status, send_status::ok) << result.detail;
        EXPECT_TRUE(result.retry.empty());
        EXPECT_TRUE(result.rejected.empty());
        EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
        clock.advance(std::chrono::seconds(1));
    }
    EXPECT_EQ(logs.count(spdlog::level::warn, refused_warning), 1)
        << "one warning for the whole episode";
    EXPECT_NE(logs.find(refused_warning).find("syslog:udp://127.0.0.1:" + std::to_string(port)),
              std::string::npos);
    EXPECT_EQ(logs.count(spdlog::level::info, "datagrams are sent again"), 0);

    // The receiver comes back: once batches go through for the quiet period, one info line.
    namespace net = boost::asio;
    net::ip::udp::socket receiver(io,
                                  net::ip::udp::endpoint(net::ip::make_address("127.0.0.1"), port));
    for (int round = 0; round < 3 && logs.count(spdlog::level::info, "sent again") == 0; ++round) {
        clock.advance(syslog_sink::udp_quiet_period);
        const auto result = run_on(io, sink.send(test::plain_events("back", 2)));
        ASSERT_EQ(result.status, send_status::ok) << result.detail;
    }
    EXPECT_EQ(logs.count(spdlog::level::info, "datagrams are sent again"), 1)
        << logs.find("syslog");
    char buffer[2048];
    EXPECT_GT(receiver.receive(net::buffer(buffer)), 0u) << "the receiver got a datagram";
    EXPECT_EQ(logs.count(spdlog::level::warn, refused_warning), 1);
}

TEST(syslog_udp_refused, an_unresolvable_host_drops_the_batch_instead_of_holding_it) {
    test::log_capture logs;
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    auto cfg = test::syslog_config(config::syslog_transport::udp, 514);
    cfg.syslog.host = "no-such-host.invalid";
    syslog_sink sink(cfg, io.get_executor(), clock);

    for (int round = 0; round < 2; ++round) {
        const auto result = run_on(io, sink.send(test::plain_events("lost", 3)));
        ASSERT_EQ(result.status, send_status::ok) << result.detail;
    }
    EXPECT_EQ(logs.count(spdlog::level::warn, "events are dropped until sending works again"), 1)
        << logs.find("syslog");
}

}  // namespace
}  // namespace sfc::sinks
