#include "app/collector.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <random>

#include "app/collector_core.hpp"
#include "app/metrics_server.hpp"
#include "platform/notify.hpp"
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

/// systemd's Type=notify: READY=1 once the sinks run, RELOADING=1 and READY=1 around a reload,
/// STOPPING=1, and every `period` WATCHDOG=1 with a fresh STATUS= line. The pings come from the
/// collector's own thread, so a stuck event loop is what the watchdog catches.
class service_heartbeat {
public:
    service_heartbeat(net::io_context& ctx, platform::service_notifier& notify)
        : notify_(notify), timer_(ctx) {
        const auto watchdog = notify.watchdog_interval();
        if (watchdog) {
            period_ = std::min<std::chrono::steady_clock::duration>(*watchdog / 2, period_);
        }
    }

    void start(const collector& all) {
        if (!notify_.enabled()) return;
        notify_.status(status_summary(all.status()));
        notify_.ready();
        tick(all);
    }
    void stop() { timer_.cancel(); }

private:
    void tick(const collector& all) {
        timer_.expires_after(period_);
        timer_.async_wait([this, &all](const boost::system::error_code& ec) {
            if (ec) return;
            notify_.watchdog();
            notify_.status(status_summary(all.status()));
            tick(all);
        });
    }

    platform::service_notifier& notify_;
    net::steady_timer timer_;
    std::chrono::steady_clock::duration period_ = std::chrono::seconds(30);
};

}  // namespace

int run_collector(const config::collector_config& cfg,
                  run_mode mode,
                  const sfc::clock& clock,
                  platform::stop_handle* external) {
    // A write to a closed stdout must be an error we handle, not a silent death.
    platform::ignore_broken_pipe();
    net::io_context ctx(1);
    auto notify = platform::service_notifier::from_environment();
    service_heartbeat heartbeat(ctx, notify);
    collector* started = nullptr;
    collector_hooks hooks{[&] { heartbeat.start(*started); },
                          [&] { notify.reloading(); },
                          [&] {
                              notify.status(status_summary(started->status()));
                              notify.ready();
                          }};
    collector all(ctx.get_executor(), cfg, clock, std::random_device{}(), hooks);
    started = &all;
    auto metrics = start_metrics(ctx.get_executor(), all);
    const auto stop = [&](const std::string& why) {
        spdlog::info("{}: finishing the batch in flight, then stopping", why);
        notify.stopping();
        all.request_stop();
    };

    net::signal_set signals(ctx);
    for (int sig : platform::stop_signals()) signals.add(sig);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (ec) return;
        stop(std::string("received ") + platform::signal_name(sig));
    });
    if (external) {
        external->attach([&](std::string reason) {
            net::post(ctx, [&stop, reason = std::move(reason)] { stop(reason); });
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
        heartbeat.stop();
        if (metrics) metrics->stop();
    });
    ctx.run();
    if (external) external->detach();
    spdlog::info("sfcollector stopped");
    return result;
}

}  // namespace sfc::app
