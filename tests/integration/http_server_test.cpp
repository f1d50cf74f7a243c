// The small plain-text listener behind /metrics, /healthz and /readyz, over a real socket.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>
#include <thread>

namespace sfc::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class HttpServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::error_code ec;
        server_ = std::make_unique<server>(
            io_.get_executor(),
            "127.0.0.1",
            0,
            [](std::string_view path) {
                plain_response r;
                if (path == "/hello") {
                    r.body = "hello\n";
                } else {
                    r.status = 404;
                    r.body = "no " + std::string(path) + "\n";
                }
                return r;
            },
            ec);
        ASSERT_FALSE(ec) << ec.message();
        server_->start();
        thread_ = std::thread([this] { io_.run(); });
    }
    void TearDown() override {
        asio::post(io_, [this] { server_->stop(); });
        thread_.join();
    }

    /// Sends one request that closes the connection, returns everything the server wrote.
    std::string exchange(const std::string& request) {
        asio::io_context client;
        tcp::socket socket(client);
        socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
        asio::write(socket, asio::buffer(request));
        std::string reply;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(reply), ec);
        return reply;
    }

    asio::io_context io_;
    std::unique_ptr<server> server_;
    std::thread thread_;
};

TEST_F(HttpServerTest, a_get_is_answered_by_the_handler_without_the_query) {
    const std::string reply =
        exchange("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << reply;
    EXPECT_NE(reply.find("Content-Length: 6\r\n"), std::string::npos) << reply;
    EXPECT_NE(reply.find("\r\n\r\nhello\n"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, the_handlers_status_is_sent) {
    const std::string reply =
        exchange("GET /other HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << reply;
    EXPECT_NE(reply.find("no /other\n"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, head_has_the_length_but_no_body) {
    const std::string reply =
        exchange("HEAD /hello HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    EXPECT_NE(reply.find("Content-Length: 6\r\n"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("hello\n"), std::string::npos) << reply;
}

TEST_F(HttpServerTest, other_methods_are_refused_with_allow) {
    const std::string reply = exchange(
        "POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u) << reply;
    EXPECT_NE(reply.find("Allow: GET, HEAD\r\n"), std::string::npos) << reply;
}

TEST(HttpServer, a_port_in_use_is_reported) {
#if defined(_WIN32)
    // SO_REUSEADDR lets a second socket take a port in use on Windows.
    GTEST_SKIP() << "Windows lets a reused address bind twice";
#endif
    asio::io_context io;
    std::error_code ec;
    server first(
        io.get_executor(), "127.0.0.1", 0, [](std::string_view) { return plain_response{}; }, ec);
    ASSERT_FALSE(ec);
    server second(
        io.get_executor(),
        "127.0.0.1",
        first.port(),
        [](std::string_view) { return plain_response{}; },
        ec);
    EXPECT_TRUE(ec) << "a second listener on the same port";
}

}  // namespace
}  // namespace sfc::http
