#include "fake_salesforce/https_server.hpp"

#include "loopback_listener.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <optional>

namespace sfc::test::fake_sf {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using ssl_stream = ssl::stream<tcp::socket>;
using plain_stream = tcp::socket;
using asio::awaitable;
using asio::use_awaitable;

constexpr std::size_t max_target = 16384;  // Salesforce's URI limit (414 beyond it)

http_request to_request(http::request<http::string_body>& req) {
    http_request out;
    out.method = std::string(req.method_string());
    out.target = std::string(req.target());
    for (const auto& field : req) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(req.body());
    return out;
}

template <typename Response>
void apply_headers(Response& res, const http_reply& reply, bool keep_alive) {
    res.result(unsigned(reply.status));
    for (const auto& [name, value] : reply.headers) res.set(name, value);
    res.keep_alive(keep_alive);
}

tcp::socket& socket_of(ssl_stream& stream) {
    return stream.next_layer();
}
tcp::socket& socket_of(plain_stream& stream) {
    return stream;
}

// Drops the connection: an RST instead of a FIN, and no TLS close_notify.
template <typename Stream>
void reset_connection(Stream& stream) {
    boost::system::error_code ignored;
    socket_of(stream).set_option(tcp::socket::linger(true, 0), ignored);
    socket_of(stream).close(ignored);
}

// Cuts a body short on purpose: a TCP FIN without TLS close_notify or the last chunk. Unlike an
// RST, a FIN lets the client read every byte sent before it, so the cut point is exact.
template <typename Stream>
void cut_connection(Stream& stream) {
    boost::system::error_code ignored;
    socket_of(stream).shutdown(tcp::socket::shutdown_send, ignored);
    socket_of(stream).close(ignored);
}

// Calls body_stream::finished exactly once, also when the coroutine is destroyed by stop().
struct finish_guard {
    body_stream& stream;
    bool completed = false;
    std::uint64_t written = 0;
    ~finish_guard() { stream.finished(completed, written); }
};

template <typename Stream>
awaitable<bool> write_streamed(Stream& stream,
                               http_reply& reply,
                               bool keep_alive,
                               unsigned version) {
    http::response<http::empty_body> res;
    res.version(version);
    apply_headers(res, reply, keep_alive);
    res.chunked(true);
    http::response_serializer<http::empty_body> serializer{res};
    finish_guard guard{*reply.stream};
    std::string piece;
    bool cut = false;
    try {
        co_await http::async_write_header(stream, serializer, use_awaitable);
        for (;;) {
            if (const auto pause = reply.stream->pause(); pause.count() > 0) {
                asio::steady_timer timer(stream.get_executor(), pause);
                co_await timer.async_wait(use_awaitable);
            }
            piece.clear();
            const auto status = reply.stream->next(piece);
            if (!piece.empty()) {
                co_await asio::async_write(
                    stream, http::make_chunk(asio::buffer(piece)), use_awaitable);
                guard.written += piece.size();
            }
            if (status == body_stream::status::abort) {
                cut = true;
                break;
            }
            if (status == body_stream::status::last) {
                co_await asio::async_write(stream, http::make_chunk_last(), use_awaitable);
                guard.completed = true;
                break;
            }
        }
    } catch (const boost::system::system_error&) {
        // The peer went away; counted as not completed.
    }
    if (cut) {
        cut_connection(stream);
    } else if (!guard.completed) {
        reset_connection(stream);
    }
    co_return guard.completed;
}

template <typename Stream>
awaitable<void> write_whole(Stream& stream, http_reply& reply, bool keep_alive, unsigned version) {
    http::response<http::string_body> res;
    res.version(version);
    apply_headers(res, reply, keep_alive);
    res.body() = std::move(reply.body);
    res.prepare_payload();
    co_await http::async_write(stream, res, use_awaitable);
}

// close_notify, but never wait more than a second for a peer that does not answer it.
awaitable<void> close_gracefully(std::shared_ptr<ssl_stream> stream) {
    asio::steady_timer timer(stream->get_executor());
    timer.expires_after(std::chrono::seconds(1));
    timer.async_wait([stream](boost::system::error_code ec) {
        if (!ec) stream->next_layer().close(ec);
    });
    boost::system::error_code ec;
    co_await stream->async_shutdown(asio::redirect_error(use_awaitable, ec));
    timer.cancel();
    stream->next_layer().close(ec);
}

// Plain TCP: a FIN after the last answer.
awaitable<void> close_gracefully(std::shared_ptr<plain_stream> stream) {
    boost::system::error_code ec;
    stream->shutdown(tcp::socket::shutdown_send, ec);
    stream->close(ec);
    co_return;
}

awaitable<void> handshake(ssl_stream& stream) {
    co_await stream.async_handshake(ssl::stream_base::server, use_awaitable);
}
awaitable<void> handshake(plain_stream&) {
    co_return;
}

}  // namespace

struct https_server::impl {
    impl(handler h, std::string cert, std::string key)
        : on_request(std::move(h)), tls(ssl::context::tls_server), plain(cert.empty()) {
        if (plain) return;
        tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
        tls.use_certificate_chain(asio::buffer(cert));
        tls.use_private_key(asio::buffer(key), ssl::context::pem);
    }

    awaitable<void> accept_loop(tcp::acceptor& acceptor) {
        for (;;) {
            boost::system::error_code ec;
            tcp::socket socket =
                co_await acceptor.async_accept(asio::redirect_error(use_awaitable, ec));
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
            if (ec) continue;
            socket.set_option(tcp::no_delay(true), ec);
            if (plain) {
                auto stream = std::make_shared<plain_stream>(std::move(socket));
                asio::co_spawn(acceptor.get_executor(), session(stream), asio::detached);
            } else {
                auto stream = std::make_shared<ssl_stream>(std::move(socket), tls);
                asio::co_spawn(acceptor.get_executor(), session(stream), asio::detached);
            }
        }
    }

    template <typename Stream>
    awaitable<void> session(std::shared_ptr<Stream> stream) {
        try {
            co_await handshake(*stream);
            boost::beast::flat_buffer buffer;
            while (co_await exchange(*stream, buffer)) {
            }
        } catch (const boost::system::system_error&) {
            // Handshake failures, peers closing, resets: the connection simply ends.
            co_return;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "fake-salesforce: request failed: %s\n", e.what());
            co_return;
        }
        co_await close_gracefully(stream);
    }

    // One request and its answer; false when the connection should end.
    template <typename Stream>
    awaitable<bool> exchange(Stream& stream, boost::beast::flat_buffer& buffer) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(64 * 1024);
        parser.body_limit(16 * 1024 * 1024);
        co_await http::async_read(stream, buffer, parser, use_awaitable);
        auto& req = parser.get();
        const bool keep_alive = req.keep_alive();
        http_reply reply;
        if (req.target().size() > max_target) {
            reply.status = 414;
            reply.body = "URI Too Long\n";
        } else {
            reply = on_request(to_request(req));
        }
        if (reply.delay.count() > 0) {
            asio::steady_timer timer(stream.get_executor(), reply.delay);
            co_await timer.async_wait(use_awaitable);
        }
        if (reply.drop_connection) {
            reset_connection(stream);
            co_return false;
        }
        if (reply.stream)
            co_return co_await write_streamed(stream, reply, keep_alive, req.version()) &&
                keep_alive;
        co_await write_whole(stream, reply, keep_alive, req.version());
        co_return keep_alive;
    }

    handler on_request;
    ssl::context tls;  // outlives the listener, whose stop destroys the streams using it
    bool plain;        // no certificate: plain HTTP
    // Last: destroyed, and so stopped, before the members its sessions use.
    loopback_listener listener;
};

https_server::https_server(handler on_request, std::string cert_pem, std::string key_pem)
    : impl_(
          std::make_unique<impl>(std::move(on_request), std::move(cert_pem), std::move(key_pem))) {}

https_server::~https_server() {
    stop();
}

void https_server::start(std::uint16_t port) {
    impl_->listener.start(port, [this](tcp::acceptor& a) { return impl_->accept_loop(a); });
}

void https_server::stop() {
    impl_->listener.stop();
}

std::uint16_t https_server::port() const {
    return impl_->listener.port();
}

}  // namespace sfc::test::fake_sf
