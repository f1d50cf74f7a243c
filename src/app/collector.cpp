#include "app/collector.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <random>

#include "app/org_runtime.hpp"
#include "crypto/private_key.hpp"

namespace sfc::app {

namespace net = boost::asio;

int run_collector(const config::collector_config& cfg, run_mode mode, const sfc::clock& clock) {
    // A SIGPIPE from a closed stdout must be an error we handle, not a silent death.
    std::signal(SIGPIPE, SIG_IGN);
    if (cfg.salesforce.tls_insecure_skip_verify) {
        spdlog::warn("salesforce.tls_insecure_skip_verify is on: TLS certificates are NOT "
                     "verified; anyone on the network path can read the access token");
    }
    net::io_context ctx(1);
    org_runtime org(ctx.get_executor(), cfg, clock, std::random_device{}());

    net::signal_set signals(ctx, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        spdlog::info("received {}: finishing the batch in flight, then stopping",
                     sig == SIGTERM ? "SIGTERM" : "SIGINT");
        org.request_stop();
    });

    int result = exit_failure;
    net::co_spawn(ctx, org.run(mode), [&](std::exception_ptr ep, int code) {
        result = code;
        if (ep) {
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                spdlog::error("{}", e.what());
            }
            result = exit_failure;
        }
        signals.cancel();
    });
    ctx.run();
    spdlog::info("sfcollector stopped");
    return result;
}

}  // namespace sfc::app
