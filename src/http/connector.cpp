// Streams for protocols other than HTTP, opened by the HTTP client's own connection code.
#include "http/connector.hpp"

#include "http/connection.hpp"
#include "http/tls.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstdint>

#include "platform/socket_state.hpp"

namespace sfc::http {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

template <class Stream>
asio::awaitable<boost::system::error_code> write_all(
    Stream& stream, const std::vector<asio::const_buffer>& buffers) {
    auto [ec, written] = co_await asio::async_write(stream, buffers, use_tuple);
    co_return ec;
}

peer_info make_peer(const stream_target& target) {
    peer_info peer;
    peer.host = target.host;
    peer.port = target.port;
    peer.name = target.name;
    peer.verify = !target.tls.insecure_skip_verify;
    peer.tls = target.use_tls;
    peer.server_name = target.server_name;
    return peer;
}

}  // namespace

byte_stream::byte_stream(std::unique_ptr<connection> conn) : conn_(std::move(conn)) {}

byte_stream::~byte_stream() = default;

asio::awaitable<std::optional<std::string>> byte_stream::write(
    const std::vector<asio::const_buffer>& buffers, std::chrono::milliseconds timeout) {
    conn_->tcp().expires_after(timeout);
    boost::system::error_code ec;
    if (conn_->tls) {
        ec = co_await write_all(*conn_->tls, buffers);
    } else {
        ec = co_await write_all(*conn_->plain, buffers);
    }
    if (ec) co_return describe(ec, timeout);
    conn_->tcp().expires_never();
    co_return std::nullopt;
}

bool byte_stream::peer_hung_up() const {
    return platform::peer_has_closed(
        static_cast<std::uintptr_t>(conn_->tcp().socket().native_handle()));
}

asio::awaitable<void> byte_stream::close(std::chrono::milliseconds timeout) {
    co_await shutdown_connection(*conn_, timeout);
}

const std::string& byte_stream::address() const {
    return conn_->address;
}

struct stream_connector::impl {
    impl(asio::any_io_executor executor, const stream_target& target)
        : executor(std::move(executor)), peer(make_peer(target)) {
        // Plain TCP never needs a context; building one reads the system CA store.
        if (target.use_tls) ctx.emplace(make_tls_context(target.tls));
    }

    asio::any_io_executor executor;
    peer_info peer;
    std::optional<asio::ssl::context> ctx;
};

stream_connector::stream_connector(asio::any_io_executor executor, stream_target target)
    : impl_(std::make_unique<impl>(std::move(executor), target)) {}

stream_connector::~stream_connector() = default;

asio::awaitable<std::unique_ptr<byte_stream>> stream_connector::connect(
    std::chrono::milliseconds timeout) {
    interrupt_point point;                // nothing interrupts a connect from outside here
    const std::string_view user_agent{};  // for a proxy, and there is none
    asio::ssl::context* ctx = impl_->ctx ? &*impl_->ctx : nullptr;
    auto conn =
        co_await open_connection(impl_->executor, ctx, impl_->peer, timeout, user_agent, point);
    co_return std::make_unique<byte_stream>(std::move(conn));
}

asio::awaitable<tcp::resolver::results_type> resolve(const std::string& host,
                                                     const std::string& port,
                                                     const std::string& name,
                                                     std::chrono::milliseconds timeout) {
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer deadline(executor, timeout);
    interrupt_point point;
    auto [ec, results] = co_await resolve_within(deadline, host, port, point);
    if (ec) throw transport_error(name + ": resolve failed: " + describe(ec, timeout));
    co_return results;
}

}  // namespace sfc::http
