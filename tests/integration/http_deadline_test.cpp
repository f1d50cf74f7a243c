// The HTTPS client's overall request deadline and cancel(), against a scripted TLS server on
// loopback: a server that trickles a byte now and then, or never answers, must not hold a request
// beyond its deadline, and a stop must end it at once.
#include "http/client.hpp"
#include "http/client_pool.hpp"
#include "http_test_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace sfc::http {
namespace {

using namespace std::chrono_literals;
using sfc::test::event;
using sfc::test::observed_request;
using sfc::test::scripted_connection;
using sfc::test::tls_test_server;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using awaitable_bool = boost::asio::awaitable<bool>;
using task = boost::asio::awaitable<void>;
using steady = std::chrono::steady_clock;

request get(std::string target) {
    request r;
    r.target = std::move(target);
    return r;
}

class HttpDeadlineTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { pki_ = new sfc::test::tls_pki(sfc::test::make_tls_pki()); }
    static void TearDownTestSuite() { delete pki_; }

    tls_test_server& start_server(sfc::test::script on_request) {
        return servers_.emplace_back(ioc_.get_executor(), *pki_, std::move(on_request));
    }

    // Every step's own timeout is far longer than the deadlines the tests set.
    client_options options() const {
        client_options o;
        o.tls.ca_pem = pki_->ca_cert_pem;
        o.connect_timeout = 20s;
        o.io_timeout = 20s;
        return o;
    }

    void run(std::function<task()> body) {
        sfc::test::run_coroutine(ioc_, std::move(body), [this] {
            for (auto& s : servers_) s.stop();
        });
    }

    // Headers with a long Content-Length, then one byte every `every` until the client goes.
    awaitable_bool trickle(scripted_connection& c, std::chrono::milliseconds every) {
        if (!co_await c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")) {
            co_return false;
        }
        boost::asio::steady_timer tick(ioc_);
        for (;;) {
            tick.expires_after(every);
            co_await tick.async_wait(sfc::test::use_tuple);
            if (!co_await c.write("x")) co_return false;
        }
    }

    static inline sfc::test::tls_pki* pki_ = nullptr;
    boost::asio::io_context ioc_;
    std::list<tls_test_server> servers_;
};

TEST_F(HttpDeadlineTest, ATricklingBodyFailsAtTheRequestDeadline) {
    auto& server =
        start_server([&](const observed_request&, scripted_connection& c) -> awaitable_bool {
            co_return co_await trickle(c, 20ms);
        });
    std::string error;
    std::size_t received = 0;
    steady::duration took{};
    run([&]() -> task {
        auto o = options();
        o.request_timeout = 500ms;
        client c(ioc_.get_executor(), server.origin(), o);
        const auto started = steady::now();
        try {
            co_await c.stream(get("/log"), [&](std::string_view piece) -> task {
                received += piece.size();
                co_return;
            });
        } catch (const transport_error& e) {
            error = e.what();
        }
        took = steady::now() - started;
    });
    EXPECT_THAT(error,
                StartsWith(server.origin() +
                           ": the response did not complete within the request deadline of "
                           "500 ms (at step read body, "));
    EXPECT_THAT(error, HasSubstr(" bytes of the body received)"));
    EXPECT_GT(received, 0u) << "the trickle reached the consumer until the deadline";
    EXPECT_GE(took, 500ms);
    EXPECT_LT(took, 5s);
}

TEST_F(HttpDeadlineTest, TheRequestsOwnTimeoutOverridesTheClients) {
    auto& server =
        start_server([&](const observed_request&, scripted_connection& c) -> awaitable_bool {
            co_await c.wait_closed();
            co_return false;
        });
    std::string error;
    run([&]() -> task {
        auto o = options();
        o.request_timeout = 0ms;  // none
        client c(ioc_.get_executor(), server.origin(), o);
        request r = get("/");
        r.timeout = 300ms;
        try {
            co_await c.send(std::move(r));
        } catch (const transport_error& e) {
            error = e.what();
        }
    });
    EXPECT_EQ(error,
              server.origin() +
                  ": the response did not complete within the request deadline of 300 ms (at "
                  "step read)");
}

TEST_F(HttpDeadlineTest, AStalledHandshakeFailsAtTheRequestDeadline) {
    // Listening but never accepting: TCP connects (the backlog), the TLS handshake never ends.
    boost::asio::ip::tcp::acceptor silent(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0});
    const std::string origin =
        "https://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
    std::string error;
    run([&]() -> task {
        auto o = options();
        o.request_timeout = 300ms;
        client c(ioc_.get_executor(), origin, o);
        try {
            co_await c.send(get("/"));
        } catch (const transport_error& e) {
            error = e.what();
        }
    });
    EXPECT_EQ(error,
              origin +
                  ": the response did not complete within the request deadline of 300 ms (at "
                  "step connect)");
}

TEST_F(HttpDeadlineTest, TimeInTheConsumerDoesNotCount) {
    // The consumer takes longer than the whole deadline over the first piece (a sink outage's
    // backpressure); the server answers the rest at once: the request succeeds.
    event consumed(ioc_.get_executor());
    auto& server =
        start_server([&](const observed_request&, scripted_connection& c) -> awaitable_bool {
            co_await c.write("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc");
            co_await consumed.wait();
            co_return co_await c.write("def");
        });
    std::string body;
    unsigned status = 0;
    run([&]() -> task {
        auto o = options();
        o.request_timeout = 300ms;
        client c(ioc_.get_executor(), server.origin(), o);
        boost::asio::steady_timer slow(ioc_);
        const auto res = co_await c.stream(get("/"), [&](std::string_view piece) -> task {
            body += piece;
            if (body == "abc") {
                slow.expires_after(600ms);
                co_await slow.async_wait(sfc::test::use_tuple);
                consumed.set();
            }
        });
        status = res.status;
    });
    EXPECT_EQ(status, 200u);
    EXPECT_EQ(body, "abcdef");
}

TEST_F(HttpDeadlineTest, CancelEndsAStalledRequestAtOnceAndEveryLaterOne) {
    event arrived(ioc_.get_executor());
    auto& server =
        start_server([&](const observed_request&, scripted_connection& c) -> awaitable_bool {
            arrived.set();
            co_await c.wait_closed();
            co_return false;
        });
    std::string first;
    std::string second;
    steady::duration took{};
    run([&]() -> task {
        client c(ioc_.get_executor(), server.origin(), options());
        auto stopper = [&]() -> task {
            co_await arrived.wait();
            c.cancel();
        };
        boost::asio::co_spawn(ioc_, stopper(), boost::asio::detached);
        const auto started = steady::now();
        try {
            co_await c.send(get("/"));
        } catch (const transport_error& e) {
            first = e.what();
        }
        took = steady::now() - started;
        try {
            co_await c.send(get("/again"));
        } catch (const transport_error& e) {
            second = e.what();
        }
        EXPECT_TRUE(c.cancelled());
    });
    EXPECT_EQ(first, server.origin() + ": request cancelled");
    EXPECT_EQ(second, server.origin() + ": request cancelled");
    EXPECT_LT(took, 5s) << "not the 20 s io_timeout";
    EXPECT_EQ(server.requests.size(), 1u) << "a cancelled client sends nothing more";
}

TEST_F(HttpDeadlineTest, CancelAllReachesLeasedClientsAndClientsMadeLater) {
    event arrived(ioc_.get_executor());
    auto& server =
        start_server([&](const observed_request&, scripted_connection& c) -> awaitable_bool {
            arrived.set();
            co_await c.wait_closed();
            co_return false;
        });
    std::string in_flight;
    std::string later;
    run([&]() -> task {
        client_pool pool(ioc_.get_executor(), server.origin(), options(), 2);
        auto stopper = [&]() -> task {
            co_await arrived.wait();
            pool.cancel_all();
        };
        boost::asio::co_spawn(ioc_, stopper(), boost::asio::detached);
        {
            auto lease = co_await pool.acquire();
            try {
                co_await lease->send(get("/"));
            } catch (const transport_error& e) {
                in_flight = e.what();
            }
            // Held, so that the next lease is a new client, made after the cancel.
            auto second = co_await pool.acquire();
            try {
                co_await second->send(get("/later"));
            } catch (const transport_error& e) {
                later = e.what();
            }
        }
        co_await pool.close();
    });
    EXPECT_EQ(in_flight, server.origin() + ": request cancelled");
    EXPECT_EQ(later, server.origin() + ": request cancelled");
    EXPECT_EQ(server.accepted, 1);
}

}  // namespace
}  // namespace sfc::http
