#include "app/collector.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <functional>
#include <random>

#include "app/collector_core.hpp"
#include "app/metrics_server.hpp"
#include "platform/signals.hpp"

namespace sfc::app {

namespace net = boost::asio;

namespace {

/// The metrics listener, when configured; bound before the sources start, so a taken port fails
/// the start rather than going unnoticed.
std::unique_ptr<metrics_server> start_metrics(net::any_io_executor ex, const collector& all) {
    const auto& cfg = all.config();
    if (!cfg.metrics.enabled()) return nullptr;
    auto server = std::make_unique<metrics_server>(
        ex,
        cfg.metrics,
        metrics_routes{
            [&all] { return render_metrics(all.status(), SFC_VERSION_STRING, all.clock().now()); },
            [&all] {
                return check_ready(all.status(),
                                   all.config().collection.poll_interval,
                                   all.started(),
                                   all.clock().now());
            }});
    server->start();
    spdlog::info("metrics on http://{}:{}/metrics (also /healthz and /readyz)",
                 cfg.metrics.host,
                 server->port());
    return server;
}

}  // namespace

int run_collector(const config::collector_config& cfg,
                  run_mode mode,
                  const sfc::clock& clock,
                  platform::stop_handle* external) {
    // A write to a closed stdout must be an error we handle, not a silent death.
    platform::ignore_broken_pipe();
    net::io_context ctx(1);
    collector all(ctx.get_executor(), cfg, clock, std::random_device{}());
    auto metrics = start_metrics(ctx.get_executor(), all);

    net::signal_set signals(ctx);
    for (int sig : platform::stop_signals()) signals.add(sig);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        spdlog::info("received {}: finishing the batch in flight, then stopping",
                     platform::signal_name(sig));
        all.request_stop();
    });
    if (external) {
        external->attach([&](std::string reason) {
            net::post(ctx, [&all, reason = std::move(reason)] {
                spdlog::info("{}: finishing the batch in flight, then stopping", reason);
                all.request_stop();
            });
        });
    }
    // SIGHUP (systemctl reload, logrotate's postrotate) reopens the file sinks and reads the
    // config again; without a handler it would end the process. Windows has no such signal.
    net::signal_set hangups(ctx);
    std::function<void(const boost::system::error_code&, int)> on_hangup =
        [&](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            spdlog::info("received {}: reopening the file sinks and reloading {}",
                         platform::signal_name(sig),
                         all.config().source_path.string());
            all.reopen_sinks();
            all.reload();
            hangups.async_wait(on_hangup);
        };
    if (const int sig = platform::reopen_signal()) {
        hangups.add(sig);
        hangups.async_wait(on_hangup);
    }

    int result = exit_failure;
    net::co_spawn(ctx, all.run(mode), [&](std::exception_ptr ep, int code) {
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
        hangups.cancel();
        if (metrics) metrics->stop();
    });
    ctx.run();
    if (external) external->detach();
    spdlog::info("sfcollector stopped");
    return result;
}

}  // namespace sfc::app
