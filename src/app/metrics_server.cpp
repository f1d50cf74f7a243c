#include "app/metrics_server.hpp"

#include <spdlog/spdlog.h>
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

namespace sfc::app {

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
                                           const metrics_routes& routes) {
    bhttp::response<bhttp::string_body> res;
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    const std::string_view target(req.target().data(), req.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
        res.result(bhttp::status::method_not_allowed);
        res.set(bhttp::field::allow, "GET, HEAD");
        res.body() = "only GET and HEAD\n";
    } else if (path == "/metrics") {
        res.result(bhttp::status::ok);
        res.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
        res.body() = routes.metrics();
    } else if (path == "/healthz") {
        res.result(bhttp::status::ok);
        res.body() = "ok\n";
    } else if (path == "/readyz") {
        const readiness r = routes.ready();
        res.result(r.ready ? bhttp::status::ok : bhttp::status::service_unavailable);
        res.body() = r.reason + "\n";
    } else {
        res.result(bhttp::status::not_found);
        res.body() = "not found: try /metrics, /healthz or /readyz\n";
    }
    res.prepare_payload();
    if (req.method() == bhttp::verb::head) res.body().clear();
    return res;
}

}  // namespace

struct metrics_server::impl : std::enable_shared_from_this<impl> {
    impl(net::any_io_executor ex, metrics_routes r) : acceptor(ex), routes(std::move(r)) {}

    tcp::acceptor acceptor;
    metrics_routes routes;
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
            auto res = answer(parser.get(), routes);
            auto [write_ec, write_n] = co_await bhttp::async_write(stream, res, use_tuple);
            if (write_ec || !res.keep_alive()) break;
        }
        open.erase(at);
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
};

metrics_server::metrics_server(net::any_io_executor executor,
                               const config::metrics_config& cfg,
                               metrics_routes routes)
    : impl_(std::make_shared<impl>(executor, std::move(routes))) {
    beast::error_code ec;
    const auto address = net::ip::make_address(cfg.host, ec);
    const tcp::endpoint endpoint(address, cfg.port);
    if (!ec) impl_->acceptor.open(endpoint.protocol(), ec);
    if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) impl_->acceptor.bind(endpoint, ec);
    if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        throw std::runtime_error("metrics.listen " + cfg.host + ":" + std::to_string(cfg.port) +
                                 ": cannot listen (" + ec.message() +
                                 "); choose a free port or remove metrics:");
    }
}

metrics_server::~metrics_server() {
    stop();
}

void metrics_server::start() {
    net::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), net::detached);
}

void metrics_server::stop() {
    if (impl_->stopped) return;
    impl_->stopped = true;
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    for (auto* stream : impl_->open) stream->socket().close(ignored);
}

std::uint16_t metrics_server::port() const {
    beast::error_code ec;
    return impl_->acceptor.local_endpoint(ec).port();
}

}  // namespace sfc::app
