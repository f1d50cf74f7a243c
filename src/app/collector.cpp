#include "app/collector.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include <functional>
#include <random>
#include <set>
#include <vector>

#include "app/metrics_server.hpp"
#include "app/org_runtime.hpp"
#include "app/task_group.hpp"
#include "pipeline/pipeline.hpp"
#include "platform/signals.hpp"
#include "sinks/factory.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::app {

namespace net = boost::asio;

namespace {

std::vector<pipeline::sink_entry> make_sinks(const std::vector<config::sink_config>& configs,
                                             net::any_io_executor ex,
                                             const sfc::clock& clock) {
    std::vector<pipeline::sink_entry> out;
    for (const auto& c : configs) {
        out.push_back({sinks::make_sink(c, ex, clock),
                       pipeline::batching{c.batch_max_events, c.batch_max_bytes, c.batch_linger}});
    }
    return out;
}

/// The orgs and what they share: one pipeline to the sinks, one state directory, one stop funnel.
class collector {
public:
    collector(net::any_io_executor ex,
              const config::collector_config& cfg,
              const sfc::clock& clock,
              std::uint64_t seed)
        : executor_(ex),
          clock_(clock),
          started_(clock.now()),
          stop_(ex),
          store_(cfg.state_dir),
          out_(ex, cfg.pipeline, make_sinks(cfg.sinks, ex, clock), clock, stop_, seed) {
        org_shared shared{out_, store_, stop_, clock, cfg.collection, claimed_};
        for (std::size_t i = 0; i < cfg.orgs.size(); ++i) {
            orgs_.push_back(std::make_unique<org_runtime>(ex, cfg.orgs[i], shared, seed + 1 + i));
        }
        results_.assign(orgs_.size(), 0);
    }

    void request_stop() { stop_.request(); }
    void reopen_sinks() { out_.reopen_sinks(); }

    collector_status status() const {
        collector_status s;
        for (const auto& org : orgs_) s.orgs.push_back(org->status());
        for (const auto& worker : out_.workers()) {
            const auto& c = worker->counters();
            s.sinks.push_back({worker->name(),
                               c.accepted,
                               c.dead_lettered,
                               c.retries,
                               worker->accepting(),
                               worker->last_error()});
        }
        const auto q = out_.queue().stats();
        s.queue_events = q.held_events;
        s.queue_bytes = q.held_bytes;
        s.events_dropped = q.dropped;
        return s;
    }

    /// The metrics listener, when configured; bound before the sources start, so a taken port
    /// fails the start rather than going unnoticed.
    void start_metrics(const config::collector_config& cfg) {
        if (!cfg.metrics.enabled()) return;
        const auto poll = cfg.collection.poll_interval;
        metrics_ = std::make_unique<metrics_server>(
            executor_,
            cfg.metrics,
            metrics_routes{
                [this] { return render_metrics(status(), SFC_VERSION_STRING, clock_.now()); },
                [this, poll] { return check_ready(status(), poll, started_, clock_.now()); }});
        metrics_->start();
        spdlog::info("metrics on http://{}:{}/metrics (also /healthz, /readyz)",
                     cfg.metrics.host,
                     metrics_->port());
    }

    /// One line at the end: what this run delivered.
    void log_summary() const {
        const auto s = status();
        std::uint64_t read = 0;
        for (const auto& org : s.orgs) {
            for (const auto& src : org.sources) read += src.events_read;
        }
        std::string sinks;
        for (const auto& sink : s.sinks) {
            sinks += fmt::format(
                "{}{} {} delivered{}",
                sinks.empty() ? "" : ", ",
                sink.name,
                sink.delivered,
                sink.dead_lettered ? fmt::format(" ({} dead-lettered)", sink.dead_lettered) : "");
        }
        spdlog::info("this run: {} event(s) read from {} org(s); {}", read, s.orgs.size(), sinks);
    }

    net::awaitable<int> run(run_mode mode) {
        out_.start();
        task_group group(executor_);
        for (std::size_t i = 0; i < orgs_.size(); ++i) {
            group.spawn(run_org(i, mode), "org " + orgs_[i]->name());
        }
        co_await group.wait();
        // Sources are done: let the sinks deliver what is queued, so the cursors can catch up.
        const bool delivered = co_await out_.drain();
        for (auto& org : orgs_) co_await org->close();
        if (metrics_) metrics_->stop();
        log_summary();
        if (out_.failure()) co_return exit_failure;
        if (mode == run_mode::once && !delivered) co_return exit_failure;
        for (char ok : results_) {
            if (!ok) co_return exit_failure;
        }
        co_return exit_ok;
    }

private:
    net::awaitable<void> run_org(std::size_t i, run_mode mode) {
        results_[i] = co_await orgs_[i]->run(mode) ? 1 : 0;
    }

    net::any_io_executor executor_;
    const sfc::clock& clock_;
    wall_time started_;
    pipeline::stop_signal stop_;
    state::checkpoint_store store_;
    pipeline::pipeline out_;
    std::set<std::string> claimed_;
    std::vector<std::unique_ptr<org_runtime>> orgs_;
    std::vector<char> results_;
    std::unique_ptr<metrics_server> metrics_;
};

}  // namespace

int run_collector(const config::collector_config& cfg,
                  run_mode mode,
                  const sfc::clock& clock,
                  platform::stop_handle* external) {
    // A write to a closed stdout must be an error we handle, not a silent death.
    platform::ignore_broken_pipe();
    net::io_context ctx(1);
    collector all(ctx.get_executor(), cfg, clock, std::random_device{}());
    all.start_metrics(cfg);

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
    // SIGHUP (logrotate's postrotate, systemctl reload) reopens the file sinks; without a
    // handler it would end the process. Windows has no such signal.
    net::signal_set hangups(ctx);
    std::function<void(const boost::system::error_code&, int)> on_hangup =
        [&](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            spdlog::info("received {}: reopening the file sinks", platform::signal_name(sig));
            all.reopen_sinks();
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
    });
    ctx.run();
    if (external) external->detach();
    spdlog::info("sfcollector stopped");
    return result;
}

}  // namespace sfc::app
