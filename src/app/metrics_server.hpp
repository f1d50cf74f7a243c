#pragma once
// The opt-in listener of `metrics: {listen: ...}`: GET /metrics (Prometheus text), /healthz (the
// process is alive) and /readyz (200 when collecting and delivering, else 503 and why), served
// by http::server.

#include <boost/asio/any_io_executor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "app/collector_status.hpp"
#include "sfc/config.hpp"

namespace sfc::http {
class server;
}

namespace sfc::app {

struct metrics_routes {
    std::function<std::string()> metrics;  ///< the body of /metrics
    std::function<readiness()> ready;      ///< /readyz
};

class metrics_server {
public:
    /// Binds the address now; throws std::runtime_error naming metrics.listen when it cannot.
    metrics_server(boost::asio::any_io_executor executor,
                   const config::metrics_config& cfg,
                   metrics_routes routes);
    ~metrics_server();
    metrics_server(const metrics_server&) = delete;
    metrics_server& operator=(const metrics_server&) = delete;

    /// Accepts until stop().
    void start();
    /// Closes the listener and every open connection.
    void stop();
    std::uint16_t port() const;

private:
    std::unique_ptr<http::server> server_;
};

}  // namespace sfc::app
