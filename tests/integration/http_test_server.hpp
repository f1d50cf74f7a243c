#pragma once
// A scripted TLS server for the HTTP client's tests: it reads each request (head and a
// Content-Length body), records it, and lets the test's script write raw bytes back, so broken
// framing, resets and stalls are one line each. Runs on the test's io_context.

#include "pki/test_pki.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sfc::test {

namespace asio = boost::asio;
namespace beast = boost::beast;

inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// A one-shot signal between coroutines on one io_context; wait() after set() returns at once.
class event {
public:
    explicit event(asio::any_io_executor executor)
        : timer_(executor, asio::steady_timer::time_point::max()) {}
    void set() {
        set_ = true;
        timer_.cancel();
    }
    bool is_set() const { return set_; }
    asio::awaitable<void> wait() {
        while (!set_) co_await timer_.async_wait(use_tuple);
    }

private:
    asio::steady_timer timer_;
    bool set_ = false;
};

struct observed_request {
    std::string method;
    std::string target;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    std::optional<std::string> header(std::string_view name) const {
        for (const auto& [key, value] : headers) {
            if (beast::iequals(key, name)) return value;
        }
        return std::nullopt;
    }
};

/// The server's end of one accepted connection, as the script sees it.
class scripted_connection {
public:
    scripted_connection(asio::ip::tcp::socket socket, asio::ssl::context& ctx)
        : stream_(std::move(socket), ctx) {}

    asio::awaitable<bool> handshake() {
        auto [ec] = co_await stream_.async_handshake(asio::ssl::stream_base::server, use_tuple);
        co_return !ec;
    }

    asio::awaitable<std::optional<observed_request>> read_request() {
        beast::http::request<beast::http::string_body> req;
        auto [ec, n] = co_await beast::http::async_read(stream_, buffer_, req, use_tuple);
        if (ec) co_return std::nullopt;
        observed_request out{
            std::string(req.method_string()), std::string(req.target()), {}, std::move(req.body())};
        for (const auto& field : req.base()) {
            out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        }
        co_return out;
    }

    /// The host name the client sent in SNI, empty if none.
    std::string server_name() {
        const char* name = SSL_get_servername(stream_.native_handle(), TLSEXT_NAMETYPE_host_name);
        return name ? name : "";
    }

    /// Writes raw bytes; false once the client has gone.
    asio::awaitable<bool> write(std::string_view bytes) {
        auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(bytes), use_tuple);
        co_return !ec;
    }

    /// An orderly TLS close: close_notify, then TCP close.
    asio::awaitable<void> shutdown() {
        beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
        co_await stream_.async_shutdown(use_tuple);
        close();
    }

    /// Waits until the client closes the connection or the server stops.
    asio::awaitable<void> wait_closed() {
        char byte;
        while (true) {
            auto [ec, n] = co_await stream_.async_read_some(asio::buffer(&byte, 1), use_tuple);
            if (ec) co_return;
        }
    }

    /// A small fixed send buffer, so that a client that stops reading soon stalls our writes.
    void limit_send_buffer(int bytes) {
        boost::system::error_code ignored;
        beast::get_lowest_layer(stream_).socket().set_option(
            asio::socket_base::send_buffer_size(bytes), ignored);
    }

    /// TCP close without close_notify.
    void close() { beast::get_lowest_layer(stream_).close(); }

    /// A TCP reset (RST) instead of an orderly close.
    void reset() {
        auto& socket = beast::get_lowest_layer(stream_).socket();
        boost::system::error_code ignored;
        socket.set_option(asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
    }

private:
    beast::ssl_stream<beast::tcp_stream> stream_;
    beast::flat_buffer buffer_;
};

/// Called for each request on a connection; returns true to read another request on it.
using script = std::function<asio::awaitable<bool>(const observed_request&, scripted_connection&)>;

class tls_test_server {
public:
    tls_test_server(asio::any_io_executor executor, const tls_pki& pki, script on_request)
        : executor_(executor),
          tls_(asio::ssl::context::tls_server),
          acceptor_(executor, {asio::ip::make_address("127.0.0.1"), 0}),
          port_(acceptor_.local_endpoint().port()),
          script_(std::move(on_request)) {
        tls_.use_certificate_chain(asio::buffer(pki.server_cert_pem));
        tls_.use_private_key(asio::buffer(pki.server_key_pem), asio::ssl::context::pem);
        asio::co_spawn(executor_, accept_loop(), asio::detached);
    }

    unsigned short port() const { return port_; }
    std::string origin(std::string_view host = "127.0.0.1") const {
        return "https://" + std::string(host) + ":" + std::to_string(port());
    }

    /// Ends the accept loop and every open connection, so the io_context can run dry.
    void stop() {
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        for (auto& conn : connections_) conn->close();
    }

    int accepted = 0;
    std::vector<std::string> server_names;  ///< SNI of each completed handshake
    std::vector<observed_request> requests;

private:
    asio::awaitable<void> accept_loop() {
        while (true) {
            auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
            if (ec) co_return;
            ++accepted;
            auto conn = std::make_shared<scripted_connection>(std::move(socket), tls_);
            connections_.push_back(conn);
            asio::co_spawn(executor_, serve(conn), asio::detached);
        }
    }

    asio::awaitable<void> serve(std::shared_ptr<scripted_connection> conn) {
        if (!co_await conn->handshake()) co_return;
        server_names.push_back(conn->server_name());
        while (auto req = co_await conn->read_request()) {
            requests.push_back(*req);
            if (!co_await script_(*req, *conn)) break;
        }
        conn->close();
    }

    asio::any_io_executor executor_;
    asio::ssl::context tls_;
    asio::ip::tcp::acceptor acceptor_;
    unsigned short port_;
    script script_;
    std::list<std::shared_ptr<scripted_connection>> connections_;
};

}  // namespace sfc::test

namespace sfc::test {

/// Runs `body` on `ioc` until it completes, then calls `on_done` (which stops the servers so the
/// io_context runs dry). A watchdog turns a hang into a failure instead of a stuck test run.
inline void run_coroutine(asio::io_context& ioc,
                          std::function<asio::awaitable<void>()> body,
                          const std::function<void()>& on_done) {
    std::exception_ptr failure;
    bool finished = false;
    asio::steady_timer watchdog(ioc, std::chrono::seconds(60));
    watchdog.async_wait([&](boost::system::error_code ec) {
        if (!ec) ioc.stop();
    });
    asio::co_spawn(ioc, std::move(body), [&](std::exception_ptr e) {
        failure = e;
        finished = true;
        watchdog.cancel();
        on_done();
    });
    ioc.run();
    if (!finished) throw std::runtime_error("the test coroutine did not finish within 60 s");
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sfc::test
