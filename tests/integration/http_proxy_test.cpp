// The HTTPS client through an HTTP CONNECT proxy on loopback, to the fake Salesforce: keep-alive
// through one tunnel, end-to-end TLS verification, proxy authentication and refusals, and
// errors that name the proxy without its credentials.
#include "fake_salesforce/fake_salesforce.hpp"
#include "http/client.hpp"
#include "http_test_server.hpp"
#include "proxy/connect_proxy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sfc::http {
namespace {

using namespace std::chrono_literals;
using sfc::test::connect_proxy;
using sfc::test::connect_proxy_options;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// What a run of GETs through the client came to.
struct outcome {
    std::vector<unsigned> statuses;
    std::string body;   ///< of the last response
    std::string error;  ///< the transport_error's text, if one ended the run
};

class HttpProxyTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto pki = sfc::test::make_tls_pki({"localhost"}, {"127.0.0.1"});
        sfc::test::fake_salesforce_options options;
        options.tls_cert_pem = pki.server_cert_pem;
        options.tls_key_pem = pki.server_key_pem;
        options.tls_ca_pem = pki.ca_cert_pem;
        fake_ = new sfc::test::fake_salesforce(options);
        fake_->start();
    }
    static void TearDownTestSuite() { delete fake_; }

    static std::string fake_target() { return "127.0.0.1:" + std::to_string(fake_->port()); }

    static client_options through(const std::string& proxy_url) {
        client_options o;
        o.tls.ca_pem = fake_->ca_cert_pem();
        o.connect_timeout = 10s;
        o.io_timeout = 10s;
        o.proxy = parse_proxy_url(proxy_url);
        return o;
    }

    // `count` GETs of /services/data/ (no auth needed) on one client, then an orderly close.
    outcome fetch(client_options options,
                  int count = 1,
                  std::string origin = fake_->base_url(),
                  std::string target = "/services/data/") {
        outcome out;
        ioc_.restart();  // a previous fetch ran it dry
        sfc::test::run_coroutine(
            ioc_,
            [&]() -> boost::asio::awaitable<void> {
                client c(ioc_.get_executor(), origin, std::move(options));
                try {
                    for (int i = 0; i < count; ++i) {
                        request req;
                        req.target = target;
                        const response res = co_await c.send(std::move(req));
                        out.statuses.push_back(res.status);
                        out.body = res.body;
                    }
                } catch (const transport_error& e) {
                    out.error = e.what();
                }
                co_await c.close();
            },
            [] {});
        return out;
    }

    static inline sfc::test::fake_salesforce* fake_ = nullptr;
    boost::asio::io_context ioc_;
};

TEST_F(HttpProxyTest, RequestsShareOneTunnelToTheOrigin) {
    connect_proxy proxy;
    proxy.start();
    const int before = fake_->stats().requests;
    const auto out = fetch(through(proxy.url()), 2);
    EXPECT_EQ(out.error, "");
    EXPECT_THAT(out.statuses, ElementsAre(200u, 200u));
    EXPECT_THAT(out.body, HasSubstr(R"("url":"/services/data/v64.0")"));
    EXPECT_EQ(fake_->stats().requests, before + 2);
    EXPECT_EQ(proxy.tunnels(), 1);
    EXPECT_THAT(proxy.targets(), ElementsAre(fake_target()));
    const auto seen = proxy.stats().requests.at(0);
    EXPECT_EQ(seen.host, fake_target());
    EXPECT_EQ(seen.user_agent, "sfcollector");
    // The client's close reaches the origin through the tunnel, which then ends.
    EXPECT_TRUE(proxy.wait_for([](const auto& s) { return s.open_tunnels == 0; }, 10s));
}

TEST_F(HttpProxyTest, OriginCertificateIsStillVerified) {
    connect_proxy proxy;
    proxy.start();
    const int before = fake_->stats().requests;
    auto options = through(proxy.url());
    options.tls.ca_pem.clear();  // the system store does not know the test CA
    const auto out = fetch(options);
    EXPECT_THAT(out.error,
                HasSubstr(fake_->base_url() + ": TLS handshake through proxy " + proxy.url() +
                          " failed: certificate verification failed"));
    EXPECT_EQ(proxy.tunnels(), 1);
    EXPECT_EQ(fake_->stats().requests, before);
}

TEST_F(HttpProxyTest, ProxyAuthentication) {
    connect_proxy_options options;
    options.required_authorization = sfc::test::basic_credentials("alice", "s3cret");
    connect_proxy proxy(options);
    proxy.start();
    const std::string port = std::to_string(proxy.port());

    const auto anonymous = fetch(through(proxy.url()));
    EXPECT_EQ(anonymous.error,
              fake_->base_url() + ": proxy " + proxy.url() +
                  " refused CONNECT: HTTP 407 Proxy Authentication Required; the proxy wants a "
                  "user and password; give them in the proxy URL (salesforce.proxy in the "
                  "config, or HTTPS_PROXY): http://user:password@host:port");

    const auto wrong = fetch(through("http://alice:hunter2@127.0.0.1:" + port));
    EXPECT_THAT(wrong.error,
                HasSubstr("refused CONNECT: HTTP 407 Proxy Authentication Required; "
                          "check the proxy user and password in the proxy URL "
                          "(salesforce.proxy in the config, or HTTPS_PROXY)"));
    EXPECT_THAT(wrong.error, Not(HasSubstr("hunter2")));
    EXPECT_THAT(wrong.error, Not(HasSubstr(sfc::test::basic_credentials("alice", "hunter2"))));
    EXPECT_THAT(wrong.error, Not(HasSubstr("alice")));

    const auto right = fetch(through("http://alice:s3cret@127.0.0.1:" + port));
    EXPECT_EQ(right.error, "");
    EXPECT_THAT(right.statuses, ElementsAre(200u));
    EXPECT_EQ(proxy.tunnels(), 1);
}

TEST_F(HttpProxyTest, RefusedTargetIsExplained) {
    connect_proxy_options options;
    options.refused_targets = {fake_target()};
    connect_proxy proxy(options);
    proxy.start();
    const auto out = fetch(through(proxy.url()));
    EXPECT_EQ(out.error,
              fake_->base_url() + ": proxy " + proxy.url() +
                  " refused CONNECT: HTTP 403 Forbidden; the proxy does not allow tunnels to " +
                  fake_target() + "; ask its administrator to allow them");
    EXPECT_EQ(proxy.tunnels(), 0);
}

TEST_F(HttpProxyTest, OriginTheProxyCannotReachIsExplained) {
    connect_proxy proxy;
    proxy.start();
    connect_proxy closed;  // a port known to be free once it has stopped
    closed.start();
    const std::string origin = "https://127.0.0.1:" + std::to_string(closed.port());
    closed.stop();
    const auto out = fetch(through(proxy.url()), 1, origin);
    EXPECT_THAT(out.error,
                HasSubstr(origin + ": proxy " + proxy.url() +
                          " refused CONNECT: HTTP 502 Bad Gateway; the proxy could not reach"));
}

TEST_F(HttpProxyTest, ProxyNotListeningIsNamed) {
    connect_proxy gone;
    gone.start();
    const std::string proxy_url = gone.url();
    gone.stop();
    const auto out = fetch(through(proxy_url));
    EXPECT_EQ(out.error,
              fake_->base_url() + ": cannot reach proxy " + proxy_url +
                  ": connect failed: Connection refused");
}

TEST_F(HttpProxyTest, SilentProxyTimesOutWithinTheConnectTimeout) {
    // Listening, so the TCP handshake completes, but never accepting or answering.
    boost::asio::ip::tcp::acceptor silent(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const std::string proxy_url =
        "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
    auto options = through(proxy_url);
    options.connect_timeout = 300ms;
    const auto out = fetch(options);
    EXPECT_EQ(out.error,
              fake_->base_url() + ": CONNECT through proxy " + proxy_url +
                  " failed: timed out after 300 ms");
}

TEST_F(HttpProxyTest, NoProxyBypassGoesDirect) {
    connect_proxy proxy;
    proxy.start();
    auto options = through(proxy.url());
    options.proxy = proxy_for("127.0.0.1", proxy.url(), {"localhost", "127.0.0.0/8"});
    ASSERT_FALSE(options.proxy);
    const auto out = fetch(options);
    EXPECT_THAT(out.statuses, ElementsAre(200u));
    EXPECT_EQ(proxy.tunnels(), 0);
    EXPECT_TRUE(proxy.stats().requests.empty());
}

TEST_F(HttpProxyTest, PlainHttpOriginAlsoUsesConnect) {
    // The proxy is its own plain-HTTP origin here: the GET goes through a tunnel back to it, and
    // it answers 405 to anything but CONNECT.
    connect_proxy proxy;
    proxy.start();
    auto options = through(proxy.url());
    options.allow_plain_http = true;
    const auto out = fetch(options, 1, proxy.url(), "/");
    EXPECT_EQ(out.error, "");
    EXPECT_THAT(out.statuses, ElementsAre(405u));
    EXPECT_EQ(proxy.tunnels(), 1);
    const auto requests = proxy.stats().requests;
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "CONNECT");
    EXPECT_EQ(requests[0].target, "127.0.0.1:" + std::to_string(proxy.port()));
    EXPECT_EQ(requests[1].method, "GET");
    EXPECT_EQ(requests[1].status, 405);
}

}  // namespace
}  // namespace sfc::http
