// The client with http:// origins: plain TCP, same framing, keep-alive and errors as HTTPS.
#include "fake_salesforce/gzip_encoder.hpp"
#include "fake_salesforce/https_server.hpp"
#include "http/client.hpp"
#include "http_test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/beast/http/write.hpp>
#include <mutex>

namespace sfc::http {
namespace {

using namespace std::chrono_literals;
using sfc::test::fake_sf::http_reply;
using sfc::test::fake_sf::http_request;
using sfc::test::fake_sf::https_server;
using ::testing::HasSubstr;
using task = boost::asio::awaitable<void>;
namespace asio = boost::asio;
namespace beast = boost::beast;

client_options quick_options() {
    client_options o;
    o.connect_timeout = 10s;
    o.io_timeout = 10s;
    o.allow_plain_http = true;
    return o;
}

// Runs body on io until it completes; no server on io, so io runs dry by itself.
void run(asio::io_context& io, std::function<task()> body) {
    sfc::test::run_coroutine(io, std::move(body), [] {});
}

// The fake Salesforce's server without a certificate: plain HTTP on its own thread.
class HttpPlainTest : public ::testing::Test {
protected:
    void start(https_server::handler handler) {
        server_ = std::make_unique<https_server>(
            [this, handler](const http_request& r) {
                std::lock_guard lock(mu_);
                seen_.push_back(r);
                return handler(r);
            },
            "",
            "");
        server_->start(0);
    }
    std::string origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    std::vector<http_request> seen() {
        std::lock_guard lock(mu_);
        return seen_;
    }

    asio::io_context io_;
    std::unique_ptr<https_server> server_;
    std::mutex mu_;
    std::vector<http_request> seen_;
};

TEST_F(HttpPlainTest, PostRoundTripWithHostHeaderAndBody) {
    start([](const http_request& r) {
        http_reply reply;
        reply.status = 201;
        reply.set("Content-Type", "text/plain");
        reply.body = "got " + std::to_string(r.body.size()) + " bytes";
        return reply;
    });
    response res;
    run(io_, [&]() -> task {
        client c(io_.get_executor(), origin(), quick_options());
        request req;
        req.method = "POST";
        req.target = "/ingest?x=1";
        req.headers = {{"Content-Type", "application/x-ndjson"}};
        req.body = "{\"a\":1}\n{\"b\":2}\n";
        res = co_await c.send(std::move(req));
        co_await c.close();
    });
    EXPECT_EQ(res.status, 201u);
    EXPECT_EQ(res.body, "got 16 bytes");
    const auto requests = seen();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/ingest?x=1");
    EXPECT_EQ(requests[0].header("Host"), "127.0.0.1:" + std::to_string(server_->port()));
    EXPECT_EQ(requests[0].header("Content-Type"), "application/x-ndjson");
    EXPECT_EQ(requests[0].body, "{\"a\":1}\n{\"b\":2}\n");
}

TEST_F(HttpPlainTest, GzipAnswerIsInflatedAndStreamed) {
    const std::string text(200000, 'z');
    start([&](const http_request&) {
        sfc::test::fake_sf::gzip_encoder encoder;
        http_reply reply;
        encoder.write(text, reply.body, sfc::test::fake_sf::gzip_encoder::flush::finish);
        reply.set("Content-Encoding", "gzip");
        return reply;
    });
    response buffered;
    std::size_t streamed = 0;
    run(io_, [&]() -> task {
        client c(io_.get_executor(), origin(), quick_options());
        request req;
        req.target = "/a";
        buffered = co_await c.send(req);
        co_await c.stream(req, [&](std::string_view piece) -> task {
            streamed += piece.size();
            co_return;
        });
    });
    EXPECT_EQ(buffered.body, text);
    EXPECT_EQ(streamed, text.size());
}

TEST_F(HttpPlainTest, HttpsClientAgainstAPlainServerFailsItsHandshake) {
    start([](const http_request&) { return http_reply{}; });
    const auto port = std::to_string(server_->port());
    std::string error;
    run(io_, [&]() -> task {
        client c(io_.get_executor(), "https://127.0.0.1:" + port, quick_options());
        request req;  // named: GCC 12 frees a temporary request argument twice
        try {
            co_await c.send(std::move(req));
        } catch (const transport_error& e) {
            error = e.what();
        }
    });
    EXPECT_THAT(error, HasSubstr("https://127.0.0.1:" + port + ": TLS handshake failed"));
}

TEST(HttpPlain, RefusedConnectionNamesThePlainPeer) {
    asio::io_context io;
    // A port that was free a moment ago: bind, note it, close.
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = std::to_string(probe.local_endpoint().port());
    probe.close();
    std::string error;
    run(io, [&]() -> task {
        client c(io.get_executor(), "http://127.0.0.1:" + port, quick_options());
        request req;  // named: GCC 12 frees a temporary request argument twice
        try {
            co_await c.send(std::move(req));
        } catch (const transport_error& e) {
            error = e.what();
        }
    });
    EXPECT_THAT(error, HasSubstr("http://127.0.0.1:" + port + ": connect failed"));
}

// A server that counts connections: keep-alive must carry both requests over one.
TEST(HttpPlain, KeepAliveReusesOneConnection) {
    asio::io_context io;
    asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = acceptor.local_endpoint().port();
    int accepted = 0;
    int answered = 0;
    asio::co_spawn(
        io,
        [&]() -> task {
            for (;;) {
                auto [ec, socket] = co_await acceptor.async_accept(sfc::test::use_tuple);
                if (ec) co_return;
                ++accepted;
                asio::co_spawn(
                    io,
                    // Parameters, not captures: the lambda is gone before the coroutine ends.
                    [](asio::ip::tcp::socket s, int& answered) -> task {
                        beast::flat_buffer buffer;
                        for (;;) {
                            beast::http::request<beast::http::string_body> req;
                            auto [rec, n] = co_await beast::http::async_read(
                                s, buffer, req, sfc::test::use_tuple);
                            if (rec) co_return;
                            beast::http::response<beast::http::string_body> res{
                                beast::http::status::ok, 11};
                            res.body() = "ok";
                            res.prepare_payload();
                            auto [wec, m] =
                                co_await beast::http::async_write(s, res, sfc::test::use_tuple);
                            if (wec) co_return;
                            ++answered;
                        }
                    }(std::move(socket), answered),
                    asio::detached);
            }
        },
        asio::detached);
    run(io, [&]() -> task {
        client c(io.get_executor(), "http://127.0.0.1:" + std::to_string(port), quick_options());
        for (int i = 0; i < 2; ++i) {
            request req;  // named: GCC 12 frees a temporary request argument twice
            const auto res = co_await c.send(std::move(req));
            EXPECT_EQ(res.body, "ok");
        }
        co_await c.close();
        acceptor.close();
    });
    EXPECT_EQ(answered, 2);
    EXPECT_EQ(accepted, 1);
}

TEST(HttpPlainUrl, HttpAndHttpsOriginsAndDefaultPorts) {
    const auto plain = parse_url("http://es.internal");
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->tls);
    EXPECT_EQ(plain->port, "80");
    EXPECT_EQ(plain->path, "/");
    EXPECT_EQ(plain->origin(), "http://es.internal");

    const auto with_port = parse_url("HTTP://127.0.0.1:9200/prefix/?pipeline=p");
    ASSERT_TRUE(with_port);
    EXPECT_EQ(with_port->origin(), "http://127.0.0.1:9200");
    EXPECT_EQ(with_port->path, "/prefix/?pipeline=p");
    EXPECT_EQ(parse_url("http://[::1]:80/x")->origin(), "http://[::1]");

    const auto secure = parse_url("https://h:8443/p");
    ASSERT_TRUE(secure);
    EXPECT_TRUE(secure->tls);
    EXPECT_EQ(secure->origin(), "https://h:8443");
    EXPECT_EQ(parse_url("https://h:443")->origin(), "https://h");

    EXPECT_FALSE(parse_https_url("http://h"));
    for (const char* bad : {"ftp://h", "http://", "http://user:pw@h/", "http://h:0", "h:80"}) {
        EXPECT_FALSE(parse_url(bad)) << bad;
    }
}

TEST(HttpPlainUrl, PlainOriginsOnlyWhenAllowedAndNeverWithAPathOrAnotherScheme) {
    asio::io_context io;
    EXPECT_THROW(client(io.get_executor(), "http://h:9200", {}), std::invalid_argument);
    const auto allowed = quick_options();
    EXPECT_NO_THROW(client(io.get_executor(), "http://h:9200", allowed));
    EXPECT_NO_THROW(client(io.get_executor(), "https://h", allowed));
    EXPECT_THROW(client(io.get_executor(), "http://h/x", allowed), std::invalid_argument);
    EXPECT_THROW(client(io.get_executor(), "ws://h", allowed), std::invalid_argument);
}

}  // namespace
}  // namespace sfc::http
