// Syslog over a byte stream: TCP (RFC 6587) and TLS (RFC 5425). One connection, opened on demand
// and again after a failure; deadlines on every step through beast::tcp_stream.

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>
#include <vector>

#include "http/connection.hpp"
#include "http/tls.hpp"
#include "platform/socket_state.hpp"
#include "sinks/syslog_net.hpp"
#include "sinks/syslog_tls.hpp"
#include "sinks/syslog_transport.hpp"

namespace sfc::sinks {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

/// TLS over TCP, or plain TCP; exactly one of the two is set.
struct stream_connection {
    stream_connection(const asio::any_io_executor& executor, asio::ssl::context* ctx) {
        if (ctx) {
            tls.emplace(executor, *ctx);
        } else {
            plain.emplace(executor);
        }
    }
    beast::tcp_stream& tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
    std::optional<beast::tcp_stream> plain;
};

/// A syslog receiver never sends application data, so a connection it has shut down (FIN, RST)
/// shows as a hang-up. Checking before a write keeps a batch from vanishing into a connection
/// the receiver has already left (rsyslog's omfwd does the same check).
bool peer_hung_up(stream_connection& conn) {
    return platform::peer_has_closed(
        static_cast<std::uintptr_t>(conn.tcp().socket().native_handle()));
}

template <class Stream>
asio::awaitable<boost::system::error_code> write_all(
    Stream& stream, const std::vector<asio::const_buffer>& buffers) {
    auto [ec, written] = co_await asio::async_write(stream, buffers, use_tuple);
    co_return ec;
}

class stream_transport final : public syslog_transport {
public:
    stream_transport(const config::syslog_sink_config& cfg,
                     asio::any_io_executor executor,
                     std::string peer_name,
                     const syslog_timeouts& timeouts)
        : executor_(std::move(executor)),
          host_(cfg.host),
          port_(std::to_string(cfg.port)),
          identity_(cfg.tls.server_name.empty() ? cfg.host : cfg.tls.server_name),
          verify_(!cfg.tls.insecure_skip_verify),
          name_(std::move(peer_name)),
          timeouts_(timeouts) {
        if (cfg.transport == config::syslog_transport::tls) {
            tls_ctx_.emplace(make_syslog_tls_context(cfg.tls, name_));
        }
    }

    asio::awaitable<transport_result> deliver(std::span<const std::string> payloads) override {
        if (conn_ && peer_hung_up(*conn_)) {
            spdlog::debug("{}: the receiver closed the connection; reconnecting", name_);
            conn_.reset();
        }
        if (!conn_) {
            try {
                conn_ = co_await open();
            } catch (const std::exception& e) {  // transport_failure; invalid_argument (name)
                co_return transport_result{0, e.what()};
            }
        }
        buffers_.clear();
        for (const auto& p : payloads) buffers_.push_back(asio::buffer(p));
        conn_->tcp().expires_after(timeouts_.write);
        const auto ec = conn_->tls ? co_await write_all(*conn_->tls, buffers_)
                                   : co_await write_all(*conn_->plain, buffers_);
        if (ec) {
            conn_.reset();  // the receiver may hold part of the batch: the retry resends it all
            co_return transport_result{
                0, name_ + ": write failed: " + http::describe(ec, timeouts_.write)};
        }
        conn_->tcp().expires_never();
        co_return transport_result{payloads.size(), {}};
    }

    asio::awaitable<void> close() override {
        if (!conn_) co_return;
        auto& tcp_layer = conn_->tcp();
        if (conn_->tls) {
            // RFC 5425 §4.4: close_notify before closing. Receivers often close without answering,
            // so truncation and the deadline are an ordinary end.
            tcp_layer.expires_after(timeouts_.shutdown);
            co_await conn_->tls->async_shutdown(use_tuple);
        }
        boost::system::error_code ignored;
        tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcp_layer.close();
        conn_.reset();
    }

private:
    /// Resolve, connect and (TLS) handshake under one deadline. Throws transport_failure.
    asio::awaitable<std::unique_ptr<stream_connection>> open() {
        const auto timeout = timeouts_.connect;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        const auto endpoints = co_await resolve_peer(host_, port_, deadline, timeout, name_);
        auto conn = std::make_unique<stream_connection>(executor_, tls_ctx_ ? &*tls_ctx_ : nullptr);
        conn->tcp().expires_at(deadline);
        auto [ec, endpoint] = co_await conn->tcp().async_connect(endpoints, use_tuple);
        if (ec) fail_step(name_, "connect", http::describe(ec, timeout));
        boost::system::error_code ignored;  // Nagle only delays the tail of a batch
        conn->tcp().socket().set_option(tcp::no_delay(true), ignored);
        if (conn->tls) co_await handshake(*conn->tls, deadline);
        conn->tcp().expires_never();
        spdlog::debug("{}: connected to {}", name_, endpoint.address().to_string());
        co_return conn;
    }

    asio::awaitable<void> handshake(beast::ssl_stream<beast::tcp_stream>& stream,
                                    std::chrono::steady_clock::time_point deadline) {
        http::set_peer_identity(stream.native_handle(), identity_, verify_);
        beast::get_lowest_layer(stream).expires_at(deadline);
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::client, use_tuple);
        if (ec == beast::error::timeout) {
            fail_step(name_, "TLS handshake", http::describe(ec, timeouts_.connect));
        }
        if (ec) {
            fail_step(
                name_, "TLS handshake", http::handshake_failure_reason(stream.native_handle(), ec));
        }
    }

    asio::any_io_executor executor_;
    std::string host_;
    std::string port_;
    std::string identity_;  // the name or address the certificate must carry
    bool verify_;
    std::string name_;
    syslog_timeouts timeouts_;
    std::optional<asio::ssl::context> tls_ctx_;
    std::unique_ptr<stream_connection> conn_;
    std::vector<asio::const_buffer> buffers_;  // reused by every batch
};

}  // namespace

std::unique_ptr<syslog_transport> make_stream_transport(const config::syslog_sink_config& cfg,
                                                        asio::any_io_executor executor,
                                                        std::string peer_name,
                                                        const syslog_timeouts& timeouts) {
    return std::make_unique<stream_transport>(
        cfg, std::move(executor), std::move(peer_name), timeouts);
}

}  // namespace sfc::sinks
