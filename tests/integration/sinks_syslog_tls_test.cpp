// The syslog sink over TLS (RFC 5425) against a real rsyslogd (imtcp with the ossl driver).

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

namespace fs = std::filesystem;
using test::expected_output;
using test::run_on;
using transport = config::syslog_transport;

/// A CA and its server and client certificates, as files.
struct pki_files {
    explicit pki_files(const fs::path& dir) {
        const auto pki = test::make_tls_pki();
        ca = dir / "ca.pem";
        server_cert = dir / "server.pem";
        server_key = dir / "server.key";
        client_cert = dir / "client.pem";
        client_key = dir / "client.key";
        test::write_file(ca, pki.ca_cert_pem);
        test::write_file(server_cert, pki.server_cert_pem);
        test::write_file(server_key, pki.server_key_pem);
        test::write_file(client_cert, pki.client_cert_pem);
        test::write_file(client_key, pki.client_key_pem);
    }
    fs::path ca, server_cert, server_key, client_cert, client_key;
};

test::rsyslog_options tls_options(const pki_files& pki, std::string auth_mode = "anon") {
    test::rsyslog_options o;
    o.tls = true;
    o.auth_mode = std::move(auth_mode);
    o.ca_file = pki.ca;
    o.cert_file = pki.server_cert;
    o.key_file = pki.server_key;
    return o;
}

class syslog_tls : public ::testing::Test {
protected:
    syslog_tls() : dir_(test::make_temp_dir("sfc-syslog-tls")), pki_(dir_.path) {}

    /// Trusts the test CA (the server's certificate names localhost and 127.0.0.1).
    config::sink_config config(std::uint16_t port) const {
        auto cfg = test::syslog_config(transport::tls, port);
        cfg.syslog.tls.ca_file = pki_.ca;
        return cfg;
    }

    fs::path subdir(const char* name) const {
        fs::create_directories(dir_.path / name);
        return dir_.path / name;
    }

    send_result send(syslog_sink& sink, const std::vector<event>& events) {
        return run_on(io_, sink.send(events));
    }

    test::scoped_dir dir_;
    pki_files pki_;
    boost::asio::io_context io_;
    manual_clock clock_{test::fixed_time()};
};

TEST_F(syslog_tls, octet_counted_events_arrive_whole_over_tls) {
    test::rsyslog_server server(subdir("rs"), tls_options(pki_));
    const auto cfg = config(server.port());
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto events = test::tricky_events("tls");

    const auto result = send(sink, events);

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    const auto want = expected_output(events, cfg);
    EXPECT_EQ(server.wait_for_bytes(want.size()), want);
    // The connection is kept: a second batch goes the same way.
    const auto more = test::plain_events("again", 3);
    ASSERT_EQ(send(sink, more).status, send_status::ok);
    const auto want_all = want + expected_output(more, cfg);
    EXPECT_EQ(server.wait_for_bytes(want_all.size()), want_all);
    run_on(io_, sink.stop());
}

TEST_F(syslog_tls, mutual_tls_with_a_client_certificate_the_receiver_requires) {
    test::rsyslog_server server(subdir("rs"), tls_options(pki_, "x509/certvalid"));
    auto cfg = config(server.port());
    cfg.syslog.tls.cert_file = pki_.client_cert;
    cfg.syslog.tls.key_file = pki_.client_key;
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto events = test::tricky_events("mtls");

    const auto result = send(sink, events);

    ASSERT_EQ(result.status, send_status::ok) << result.detail;
    const auto want = expected_output(events, cfg);
    EXPECT_EQ(server.wait_for_bytes(want.size()), want);
    run_on(io_, sink.stop());
}

TEST_F(syslog_tls, server_name_is_verified_instead_of_the_address) {
    test::rsyslog_server server(subdir("rs"), tls_options(pki_));
    auto good = config(server.port());
    good.syslog.tls.server_name = "localhost";
    syslog_sink sink(good, io_.get_executor(), clock_);
    ASSERT_EQ(send(sink, test::plain_events("sni", 1)).status, send_status::ok);

    auto wrong = config(server.port());
    wrong.syslog.tls.server_name = "siem.example.com";
    syslog_sink mismatched(wrong, io_.get_executor(), clock_);
    const auto result = send(mismatched, test::plain_events("sni", 1));
    EXPECT_EQ(result.status, send_status::retry);
    EXPECT_NE(result.detail.find("TLS handshake failed: certificate verification failed"),
              std::string::npos)
        << result.detail;
    EXPECT_NE(result.detail.find("mismatch"), std::string::npos) << result.detail;
}

TEST_F(syslog_tls, a_certificate_from_an_unknown_ca_is_a_retry_naming_verification) {
    const pki_files other(subdir("other-ca"));  // the receiver's CA is not the one we trust
    test::rsyslog_server server(subdir("rs"), tls_options(other));
    const auto cfg = config(server.port());
    syslog_sink sink(cfg, io_.get_executor(), clock_);

    const auto result = send(sink, test::plain_events("unknown-ca", 2));

    EXPECT_EQ(result.status, send_status::retry);
    EXPECT_NE(result.detail.find("syslog:tls://127.0.0.1:" + std::to_string(server.port())),
              std::string::npos)
        << result.detail;
    EXPECT_NE(result.detail.find("certificate verification failed"), std::string::npos)
        << result.detail;
    EXPECT_EQ(server.wait_for_bytes(1, std::chrono::milliseconds(0)), "");
}

TEST_F(syslog_tls, insecure_skip_verify_accepts_an_unknown_ca) {
    const pki_files other(subdir("other-ca"));
    test::rsyslog_server server(subdir("rs"), tls_options(other));
    auto cfg = config(server.port());
    cfg.syslog.tls.ca_file.clear();
    cfg.syslog.tls.insecure_skip_verify = true;
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto events = test::plain_events("insecure", 2);

    ASSERT_EQ(send(sink, events).status, send_status::ok);
    const auto want = expected_output(events, cfg);
    EXPECT_EQ(server.wait_for_bytes(want.size()), want);
}

TEST_F(syslog_tls, receiver_restart_is_a_retry_then_a_reconnect) {
    test::rsyslog_server server(subdir("rs"), tls_options(pki_));
    const auto cfg = config(server.port());
    syslog_sink sink(cfg, io_.get_executor(), clock_);
    const auto first = test::plain_events("first", 2);
    ASSERT_EQ(send(sink, first).status, send_status::ok);
    const auto want_first = expected_output(first, cfg);
    ASSERT_EQ(server.wait_for_bytes(want_first.size()), want_first);

    server.stop();
    const auto second = test::plain_events("second", 2);
    const auto down = send(sink, second);
    EXPECT_EQ(down.status, send_status::retry);
    EXPECT_NE(down.detail.find("connect failed"), std::string::npos) << down.detail;

    server.start();
    ASSERT_EQ(send(sink, second).status, send_status::ok);
    const auto want = want_first + expected_output(second, cfg);
    EXPECT_EQ(server.wait_for_bytes(want.size()), want);
}

TEST(syslog_tls_deadline, a_peer_that_never_answers_the_handshake_times_out) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    test::silent_listener hung;
    auto cfg = test::syslog_config(transport::tls, hung.port());
    syslog_timeouts timeouts;
    timeouts.connect = std::chrono::milliseconds(300);
    syslog_sink sink(cfg, io.get_executor(), clock, timeouts);

    const auto result = run_on(io, sink.send(test::plain_events("hung", 1)));

    EXPECT_EQ(result.status, send_status::retry);
    EXPECT_NE(result.detail.find("TLS handshake failed: timed out after 300 ms"), std::string::npos)
        << result.detail;
}

TEST(syslog_tls_config, an_unreadable_client_certificate_is_refused_at_construction) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    auto cfg = test::syslog_config(transport::tls, 6514);
    cfg.syslog.tls.cert_file = "/nonexistent/client.pem";
    cfg.syslog.tls.key_file = "/nonexistent/client.key";
    try {
        syslog_sink sink(cfg, io.get_executor(), clock);
        FAIL() << "constructed";
    } catch (const sink_error& e) {
        EXPECT_NE(std::string(e.what()).find("tls.cert_file /nonexistent/client.pem"),
                  std::string::npos)
            << e.what();
    }
}

TEST(syslog_tls_config, a_key_without_a_certificate_is_refused) {
    boost::asio::io_context io;
    manual_clock clock(test::fixed_time());
    auto cfg = test::syslog_config(transport::tls, 6514);
    cfg.syslog.tls.key_file = "/some/client.key";
    EXPECT_THROW(syslog_sink(cfg, io.get_executor(), clock), sink_error);
}

}  // namespace
}  // namespace sfc::sinks
