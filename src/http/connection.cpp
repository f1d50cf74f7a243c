#include "http/connection.hpp"

#include "http/proxy_tunnel.hpp"
#include "http/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace sfc::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Resolving and connecting reach the proxy when there is one: name it, or the operator would
// look for a fault on the way to the origin.
[[noreturn]] void fail_reaching(const peer_info& peer,
                                std::string_view step,
                                std::string_view reason) {
    if (!peer.proxy) fail(peer, step, reason);
    throw transport_error(peer.name + ": cannot reach proxy " + peer.proxy->display + ": " +
                          std::string(step) + " failed: " + std::string(reason));
}

asio::awaitable<tcp::resolver::results_type> resolve(asio::steady_timer& deadline,
                                                     const peer_info& peer,
                                                     std::chrono::milliseconds timeout,
                                                     interrupt_point& point) {
    const std::string& host = peer.proxy ? peer.proxy->host : peer.host;
    const std::string& port = peer.proxy ? peer.proxy->port : peer.port;
    auto [ec, results] = co_await resolve_within(deadline, host, port, point);
    if (ec) fail_reaching(peer, "resolve", describe(ec, timeout));
    co_return results;
}

asio::awaitable<void> handshake(tls_stream& stream,
                                const peer_info& peer,
                                asio::steady_timer::time_point deadline,
                                std::chrono::milliseconds timeout) {
    const std::string& identity = peer.server_name.empty() ? peer.host : peer.server_name;
    set_peer_identity(stream.native_handle(), identity, peer.verify);
    beast::get_lowest_layer(stream).expires_at(deadline);
    auto [tls_ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
    // Through a proxy, a certificate problem is often the proxy inspecting TLS: say it was there.
    const std::string step =
        peer.proxy ? "TLS handshake through proxy " + peer.proxy->display : "TLS handshake";
    if (tls_ec == beast::error::timeout) fail(peer, step, describe(tls_ec, timeout));
    if (tls_ec) fail(peer, step, handshake_failure_reason(stream.native_handle(), tls_ec));
}

}  // namespace

// The timer's handler may run after this coroutine has returned, so what it touches is shared,
// not on the frame.
asio::awaitable<std::pair<boost::system::error_code, tcp::resolver::results_type>> resolve_within(
    asio::steady_timer& deadline,
    const std::string& host,
    const std::string& port,
    interrupt_point& point) {
    struct resolve_state {
        explicit resolve_state(const asio::any_io_executor& executor) : resolver(executor) {}
        tcp::resolver resolver;
        bool expired = false;
    };
    auto state = std::make_shared<resolve_state>(deadline.get_executor());
    deadline.async_wait([state](boost::system::error_code ec) {
        if (!ec) {
            state->expired = true;
            state->resolver.cancel();
        }
    });
    point.resolver = &state->resolver;
    // Cleared however the frame ends, thrown through or destroyed.
    struct forget_resolver {
        interrupt_point& point;
        ~forget_resolver() { point.resolver = nullptr; }
    } forget{point};
    auto [ec, results] = co_await state->resolver.async_resolve(host, port, use_tuple);
    deadline.cancel();
    if (state->expired) ec = beast::error::timeout;
    co_return std::pair{ec, std::move(results)};
}

void interrupt_point::interrupt() {
    if (resolver != nullptr) resolver->cancel();
    if (stream != nullptr) stream->close();
}

void fail(const peer_info& peer, std::string_view step, std::string_view reason) {
    throw transport_error(peer.name + ": " + std::string(step) + " failed: " + std::string(reason));
}

std::string describe(const boost::system::error_code& ec, std::chrono::milliseconds timeout) {
    if (ec == beast::error::timeout) {
        return "timed out after " + std::to_string(timeout.count()) + " ms";
    }
    if (ec == beast::http::error::partial_message) {
        return "connection closed before the response was complete";
    }
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated ||
        ec == beast::http::error::end_of_stream) {
        return "connection closed by the server";
    }
    return ec.message();
}

asio::awaitable<std::unique_ptr<connection>> open_connection(asio::any_io_executor executor,
                                                             asio::ssl::context* ctx,
                                                             const peer_info& peer,
                                                             std::chrono::milliseconds timeout,
                                                             std::string_view user_agent,
                                                             interrupt_point& point) {
    // One deadline for every step; the timer's expiry is also the sockets' deadline.
    asio::steady_timer timer(executor, timeout);
    const auto deadline = timer.expiry();
    const auto endpoints = co_await resolve(timer, peer, timeout, point);

    auto conn = std::make_unique<connection>(executor, ctx);
    auto& tcp_layer = conn->tcp();
    // The connection is handed over only on success: until then it dies with this frame.
    struct forget_stream {
        interrupt_point& point;
        bool keep = false;
        ~forget_stream() {
            if (!keep) point.stream = nullptr;
        }
    } forget{point};
    point.stream = &tcp_layer;
    tcp_layer.expires_at(deadline);
    auto [connect_ec, endpoint] = co_await tcp_layer.async_connect(endpoints, use_tuple);
    if (connect_ec) fail_reaching(peer, "connect", describe(connect_ec, timeout));
    boost::system::error_code ignored;  // Nagle only costs latency; not worth failing over
    tcp_layer.socket().set_option(tcp::no_delay(true), ignored);

    if (peer.proxy) co_await open_tunnel(tcp_layer, peer, user_agent, timeout);
    if (conn->tls) co_await handshake(*conn->tls, peer, deadline, timeout);
    tcp_layer.expires_never();
    conn->address = endpoint.address().to_string();
    forget.keep = true;
    co_return conn;
}

asio::awaitable<void> shutdown_connection(connection& conn, std::chrono::milliseconds timeout) {
    auto& tcp_layer = conn.tcp();
    if (!tcp_layer.socket().is_open()) co_return;
    // Peers often close without answering close_notify, so truncation and the deadline are
    // both an ordinary end here.
    if (conn.tls) {
        tcp_layer.expires_after(timeout);
        co_await conn.tls->async_shutdown(use_tuple);
    }
    boost::system::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_layer.close();
}

}  // namespace sfc::http
