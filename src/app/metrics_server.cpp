#include "app/metrics_server.hpp"

#include <stdexcept>

#include "http/server.hpp"

namespace sfc::app {

namespace {

http::plain_response route(std::string_view path, const metrics_routes& routes) {
    http::plain_response res;
    if (path == "/metrics") {
        res.content_type = "text/plain; version=0.0.4; charset=utf-8";
        res.body = routes.metrics();
    } else if (path == "/healthz") {
        res.body = "ok\n";
    } else if (path == "/readyz") {
        const readiness r = routes.ready();
        res.status = r.ready ? 200 : 503;
        res.body = r.reason + "\n";
    } else {
        res.status = 404;
        res.body = "not found: try /metrics, /healthz or /readyz\n";
    }
    return res;
}

}  // namespace

metrics_server::metrics_server(boost::asio::any_io_executor executor,
                               const config::metrics_config& cfg,
                               metrics_routes routes) {
    std::error_code ec;
    auto handler = [routes = std::move(routes)](std::string_view path) {
        return route(path, routes);
    };
    server_ = std::make_unique<http::server>(executor, cfg.host, cfg.port, std::move(handler), ec);
    if (ec) {
        throw std::runtime_error("metrics.listen " + cfg.host + ":" + std::to_string(cfg.port) +
                                 ": cannot listen (" + ec.message() +
                                 "); choose a free port or remove metrics:");
    }
}

metrics_server::~metrics_server() = default;

void metrics_server::start() {
    server_->start();
}

void metrics_server::stop() {
    server_->stop();
}

std::uint16_t metrics_server::port() const {
    return server_->port();
}

}  // namespace sfc::app
