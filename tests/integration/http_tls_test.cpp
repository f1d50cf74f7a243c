// Certificate and host-name verification of the HTTPS client against real TLS on loopback.
#include "http/client.hpp"
#include "http_test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sfc::http {
namespace {

using sfc::test::observed_request;
using sfc::test::scripted_connection;
using sfc::test::tls_pki;
using sfc::test::tls_test_server;
using ::testing::HasSubstr;

class HttpTlsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        ip_and_dns_ = new tls_pki(sfc::test::make_tls_pki({"localhost"}, {"127.0.0.1"}));
        dns_only_ = new tls_pki(sfc::test::make_tls_pki({"localhost"}, {}));
        elsewhere_ = new tls_pki(sfc::test::make_tls_pki({"other.example"}, {}));
    }
    static void TearDownTestSuite() {
        delete ip_and_dns_;
        delete dns_only_;
        delete elsewhere_;
    }

    tls_test_server& start_server(const tls_pki& pki) {
        return servers_.emplace_back(
            ioc_.get_executor(),
            pki,
            [](const observed_request&, scripted_connection& c) -> boost::asio::awaitable<bool> {
                co_return co_await c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            });
    }

    static client_options trusting(const tls_pki& pki) {
        client_options o;
        o.tls.ca_pem = pki.ca_cert_pem;
        return o;
    }

    // The body of a GET /, or the transport_error's text.
    std::string get(const std::string& origin, client_options options) {
        std::string outcome;
        sfc::test::run_coroutine(
            ioc_,
            [&]() -> boost::asio::awaitable<void> {
                client c(ioc_.get_executor(), origin, std::move(options));
                request req;
                req.target = "/";
                try {
                    outcome = (co_await c.send(std::move(req))).body;
                } catch (const transport_error& e) {
                    outcome = e.what();
                }
            },
            [this] {
                for (auto& s : servers_) s.stop();
            });
        return outcome;
    }

    static inline tls_pki* ip_and_dns_ = nullptr;
    static inline tls_pki* dns_only_ = nullptr;
    static inline tls_pki* elsewhere_ = nullptr;
    boost::asio::io_context ioc_;
    std::list<tls_test_server> servers_;
};

TEST_F(HttpTlsTest, TrustedCaPemAndIpSanSucceedWithoutSni) {
    auto& server = start_server(*ip_and_dns_);
    EXPECT_EQ(get(server.origin(), trusting(*ip_and_dns_)), "ok");
    EXPECT_THAT(server.server_names, ::testing::ElementsAre(""));
}

TEST_F(HttpTlsTest, TrustedCaFileSucceeds) {
    auto& server = start_server(*ip_and_dns_);
    const auto dir = sfc::test::make_temp_dir("http-tls");
    sfc::test::write_file(dir / "ca.pem", ip_and_dns_->ca_cert_pem);
    client_options o;
    o.tls.ca_file = dir / "ca.pem";
    EXPECT_EQ(get(server.origin(), o), "ok");
    std::filesystem::remove_all(dir);
}

TEST_F(HttpTlsTest, DnsNameIsVerifiedAndSentAsSni) {
    auto& server = start_server(*dns_only_);
    EXPECT_EQ(get(server.origin("localhost"), trusting(*dns_only_)), "ok");
    EXPECT_THAT(server.server_names, ::testing::Contains("localhost"));
}

TEST_F(HttpTlsTest, UnknownCaFailsVerificationWithAHint) {
    auto& server = start_server(*ip_and_dns_);
    const auto error = get(server.origin(), trusting(*elsewhere_));
    EXPECT_THAT(
        error,
        HasSubstr(server.origin() + ": TLS handshake failed: certificate verification failed ("));
    EXPECT_THAT(error, HasSubstr("trust its CA with ca_file"));
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(HttpTlsTest, IpAddressNotInCertificateFails) {
    auto& server = start_server(*dns_only_);
    const auto error = get(server.origin(), trusting(*dns_only_));
    EXPECT_THAT(error, HasSubstr("certificate verification failed (IP address mismatch)"));
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(HttpTlsTest, HostNameNotInCertificateFails) {
    auto& server = start_server(*elsewhere_);
    const auto error = get(server.origin("localhost"), trusting(*elsewhere_));
    EXPECT_THAT(error, HasSubstr("certificate verification failed (hostname mismatch)"));
    EXPECT_TRUE(server.requests.empty());
}

TEST_F(HttpTlsTest, InsecureSkipVerifyAcceptsAnyCertificate) {
    auto& server = start_server(*elsewhere_);
    client_options o;
    o.tls.insecure_skip_verify = true;
    EXPECT_EQ(get(server.origin(), o), "ok");
}

TEST_F(HttpTlsTest, UnusableCaIsAConfigurationErrorNamingTheField) {
    client_options missing;
    missing.tls.ca_file = "/nonexistent/sfc-ca.pem";
    try {
        client c(ioc_.get_executor(), "https://127.0.0.1:1", missing);
        ADD_FAILURE() << "a missing ca_file was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("tls.ca_file /nonexistent/sfc-ca.pem: "));
    }
    client_options garbage;
    garbage.tls.ca_pem = "not a certificate";
    try {
        client c(ioc_.get_executor(), "https://127.0.0.1:1", garbage);
        ADD_FAILURE() << "a malformed ca_pem was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("tls.ca_pem: "));
    }
}

}  // namespace
}  // namespace sfc::http
