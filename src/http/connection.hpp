#pragma once
// One connection to the origin (TLS, or plain TCP for http://), direct or through a proxy's
// CONNECT tunnel: establishing it under a single deadline, and ending it.

#include "http/proxy.hpp"
#include "http/transport.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sfc::http {

using tls_stream = boost::beast::ssl_stream<boost::beast::tcp_stream>;
using plain_stream = boost::beast::tcp_stream;

/// One connection: TLS over TCP (https) or plain TCP (http); exactly one of the two is set.
struct connection {
    connection(boost::asio::any_io_executor executor, boost::asio::ssl::context* ctx) {
        if (ctx) {
            tls.emplace(std::move(executor), *ctx);
        } else {
            plain.emplace(std::move(executor));
        }
    }

    /// The TCP layer, for deadlines and socket options.
    boost::beast::tcp_stream& tcp() { return tls ? boost::beast::get_lowest_layer(*tls) : *plain; }

    std::optional<tls_stream> tls;
    std::optional<plain_stream> plain;
    boost::beast::flat_buffer buffer;  ///< bytes read past the previous message
    unsigned exchanges = 0;            ///< responses read completely on this connection
    std::string address;               ///< the address connected to (the proxy's, through one)
};

/// Where to connect and how the peer is named in errors ("https://host:port").
struct peer_info {
    std::string host;
    std::string port;
    std::string name;
    bool verify = true;
    bool tls = true;                      ///< false: plain TCP (http://)
    std::optional<proxy_settings> proxy;  ///< set: TCP goes to the proxy, which tunnels to host
    std::string server_name;  ///< the name the certificate must carry, and the SNI; empty: host
};

/// What an exchange is waiting on, so that it can be ended from outside (the client's cancel(),
/// a request's deadline): interrupt() cancels the resolve in progress and closes the socket in
/// use, and the pending step fails at once. Whoever sets a pointer clears it before the object
/// goes away. Single strand.
struct interrupt_point {
    boost::asio::ip::tcp::resolver* resolver = nullptr;  ///< while resolving
    boost::beast::tcp_stream* stream = nullptr;          ///< while connecting, and after
    void interrupt();
};

[[noreturn]] void fail(const peer_info& peer, std::string_view step, std::string_view reason);

/// An operator-readable reason for an I/O error; timeout is the deadline that was in force.
std::string describe(const boost::system::error_code& ec, std::chrono::milliseconds timeout);

/// Resolves host:port, cancelled when `deadline` expires (the resolver has no deadline of its
/// own); an expiry comes back as beast::error::timeout. `point.resolver` is set while it runs.
boost::asio::awaitable<
    std::pair<boost::system::error_code, boost::asio::ip::tcp::resolver::results_type>>
resolve_within(boost::asio::steady_timer& deadline,
               const std::string& host,
               const std::string& port,
               interrupt_point& point);

/// Resolve, connect, open the proxy's tunnel (if any) and handshake within `timeout` altogether;
/// `ctx` null for plain TCP; `user_agent` goes to the proxy. Throws transport_error. While it
/// runs, `point` holds the resolver or the new connection's socket; on success `point.stream`
/// stays set to the returned connection's.
boost::asio::awaitable<std::unique_ptr<connection>> open_connection(
    boost::asio::any_io_executor executor,
    boost::asio::ssl::context* ctx,
    const peer_info& peer,
    std::chrono::milliseconds timeout,
    std::string_view user_agent,
    interrupt_point& point);

/// Sends close_notify and waits (at most `timeout`) for the peer's (TLS), then closes the
/// socket; never throws.
boost::asio::awaitable<void> shutdown_connection(connection& conn,
                                                 std::chrono::milliseconds timeout);

}  // namespace sfc::http
