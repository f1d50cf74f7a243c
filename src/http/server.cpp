#include "http/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <list>

namespace sfc::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
/// A scraper sends one small request at a time; anything else is closed.
constexpr std::size_t max_connections = 16;
constexpr std::uint32_t max_header_bytes = 8192;
constexpr auto idle_timeout = std::chrono::seconds(30);

bhttp::response<bhttp::string_body> answer(const bhttp::request<bhttp::empty_body>& req,
                                           const plain_handler& handler) {
    bhttp::response<bhttp::string_body> res;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        res.result(bhttp::status::method_not_allowed);
        res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
        res.set(bhttp::field::allow, "GET, HEAD");
        res.body() = "only GET and HEAD\n";
    } else {
        const std::string_view target(req.target().data(), req.target().size());
        plain_response answered = handler(target.substr(0, target.find('?')));
        res.result(answered.status);
        res.set(bhttp::field::content_type, answered.content_type);
        res.body() = std::move(answered.body);
    }
    res.prepare_payload();
    if (req.method() == bhttp::verb::head) res.body().clear();
    return res;
}

}  // namespace

struct server::impl : std::enable_shared_from_this<impl> {
    impl(net::any_io_executor ex, plain_handler h) : acceptor(ex), handler(std::move(h)) {}

    tcp::acceptor acceptor;
    plain_handler handler;
    std::list<beast::tcp_stream*> open;
    bool stopped = false;

    net::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        while (!stopped) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec) {
                if (stopped || ec == net::error::operation_aborted) co_return;
                continue;  // EMFILE and the like: the next accept may work
            }
            if (open.size() >= max_connections) continue;  // closed as it goes out of scope
            net::co_spawn(acceptor.get_executor(), serve(std::move(socket)), net::detached);
        }
    }

    net::awaitable<void> serve(tcp::socket socket) {
        auto self = shared_from_this();
        beast::tcp_stream stream(std::move(socket));
        auto at = open.insert(open.end(), &stream);
        beast::flat_buffer buffer;
        for (;;) {
            bhttp::request_parser<bhttp::empty_body> parser;
            parser.header_limit(max_header_bytes);
            parser.body_limit(0);
            stream.expires_after(idle_timeout);
            auto [read_ec, read_n] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            if (read_ec) break;
            auto res = answer(parser.get(), handler);
            auto [write_ec, write_n] = co_await bhttp::async_write(stream, res, use_tuple);
            if (write_ec || !res.keep_alive()) break;
        }
        open.erase(at);
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
};

server::server(net::any_io_executor executor,
               const std::string& host,
               std::uint16_t port,
               plain_handler handler,
               std::error_code& ec)
    : impl_(std::make_shared<impl>(executor, std::move(handler))) {
    beast::error_code bec;
    const auto address = net::ip::make_address(host, bec);
    const tcp::endpoint endpoint(address, port);
    if (!bec) impl_->acceptor.open(endpoint.protocol(), bec);
    if (!bec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), bec);
    if (!bec) impl_->acceptor.bind(endpoint, bec);
    if (!bec) impl_->acceptor.listen(net::socket_base::max_listen_connections, bec);
    ec = bec;
}

server::~server() {
    stop();
}

void server::start() {
    net::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), net::detached);
}

void server::stop() {
    if (impl_->stopped) return;
    impl_->stopped = true;
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    for (auto* stream : impl_->open) stream->socket().close(ignored);
}

std::uint16_t server::port() const {
    beast::error_code ec;
    return impl_->acceptor.local_endpoint(ec).port();
}

}  // namespace sfc::http
