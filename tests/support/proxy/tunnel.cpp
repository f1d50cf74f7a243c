#include "proxy/tunnel.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <memory>

namespace sfc::test::proxy_detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Both directions hold it; the last one to finish destroys it and so ends the tunnel.
struct tunnel {
    tunnel(tcp::socket c, tcp::socket u, std::function<void()> end)
        : client(std::move(c)), upstream(std::move(u)), on_end(std::move(end)) {}
    ~tunnel() {
        boost::system::error_code ignored;
        client.close(ignored);
        upstream.close(ignored);
        on_end();
    }
    tcp::socket client;
    tcp::socket upstream;
    std::function<void()> on_end;
};

void abort_both(tunnel& t) {
    boost::system::error_code ignored;
    t.client.close(ignored);
    t.upstream.close(ignored);
}

asio::awaitable<void> pipe(std::shared_ptr<tunnel> t,
                           tcp::socket& from,
                           tcp::socket& to,
                           std::string first) {
    const auto first_bytes = asio::buffer(first);
    auto [first_ec, first_n] = co_await asio::async_write(to, first_bytes, use_tuple);
    if (first_ec) {
        abort_both(*t);
        co_return;
    }
    std::array<char, 16 * 1024> data;
    const auto space = asio::buffer(data);
    for (;;) {
        auto [read_ec, n] = co_await from.async_read_some(space, use_tuple);
        if (read_ec == asio::error::eof) break;
        const auto piece = asio::buffer(data.data(), n);
        if (!read_ec) {
            auto [write_ec, written] = co_await asio::async_write(to, piece, use_tuple);
            read_ec = write_ec;
        }
        if (read_ec) {
            abort_both(*t);
            co_return;
        }
    }
    boost::system::error_code ignored;  // pass the end of stream on; the other way may go on
    to.shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

void start_tunnel(tcp::socket client,
                  tcp::socket upstream,
                  std::string pending,
                  std::function<void()> on_end) {
    const auto executor = client.get_executor();
    auto t = std::make_shared<tunnel>(std::move(client), std::move(upstream), std::move(on_end));
    asio::co_spawn(executor, pipe(t, t->client, t->upstream, std::move(pending)), asio::detached);
    asio::co_spawn(executor, pipe(t, t->upstream, t->client, {}), asio::detached);
}

}  // namespace sfc::test::proxy_detail
