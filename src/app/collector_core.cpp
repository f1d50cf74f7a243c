#include "app/collector_core.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "app/org_runtime.hpp"
#include "sinks/factory.hpp"

namespace sfc::app {

namespace net = boost::asio;

collector::collector(net::any_io_executor executor,
                     config::collector_config cfg,
                     const sfc::clock& clock,
                     std::uint64_t seed,
                     collector_hooks hooks)
    : executor_(executor),
      cfg_(std::move(cfg)),
      clock_(clock),
      seed_(seed),
      hooks_(std::move(hooks)),
      started_(clock.now()),
      stop_(executor),
      store_(cfg_.state_dir),
      lock_(platform::dir_lock::acquire(cfg_.state_dir)),
      changed_(executor) {
    out_ = make_pipeline();
    for (const auto& org : cfg_.orgs) add_org(org);
}

collector::~collector() = default;

std::unique_ptr<pipeline::pipeline> collector::make_pipeline() {
    std::vector<pipeline::sink_entry> sinks;
    for (const auto& c : cfg_.sinks) {
        sinks.push_back(
            {sinks::make_sink(c, executor_, clock_),
             pipeline::batching{c.batch_max_events, c.batch_max_bytes, c.batch_linger}});
    }
    auto out = std::make_unique<pipeline::pipeline>(
        executor_, cfg_.pipeline, std::move(sinks), clock_, stop_, seed_++);
    // A round of cursor saves writes each cursor once, after one sync of every sink.
    pipeline::commit_policy commits;
    commits.begin = [this] { store_.hold(); };
    commits.end = [this] { store_.release(); };
    out->set_commit_policy(std::move(commits));
    return out;
}

collector::org_slot& collector::add_org(const config::org_config& org) {
    org_slot& slot = orgs_.emplace_back();
    slot.cfg = std::make_unique<config::org_config>(org);
    slot.stop = std::make_unique<async::stop_signal>(executor_);
    org_shared shared{
        *out_, store_, *slot.stop, clock_, cfg_.collection, claimed_, cpu_.executor()};
    slot.runtime = std::make_unique<org_runtime>(executor_, *slot.cfg, shared, seed_++);
    return slot;
}

void collector::spawn_org(org_slot& slot) {
    if (stop_.requested()) slot.stop->request();  // a stop during a reload
    slot.running = true;
    ++running_;
    tasks_->spawn(run_org(slot), "org " + slot.cfg->name);
}

net::awaitable<void> collector::run_org(org_slot& slot) {
    try {
        slot.ok = co_await slot.runtime->run(mode_);
    } catch (...) {
        slot.ok = false;
        slot.running = false;
        --running_;
        changed_.notify_all();
        throw;  // the task group logs it
    }
    slot.running = false;
    --running_;
    changed_.notify_all();
}

void collector::request_stop() {
    stop_.request();
    for (auto& slot : orgs_) slot.stop->request();
    out_->stop_intake();
    changed_.notify_all();
}

net::awaitable<void> collector::follow_stop() {
    co_await stop_.wait();
    request_stop();
}

void collector::reopen_sinks() {
    out_->reopen_sinks();
}

net::awaitable<int> collector::run(run_mode mode) {
    mode_ = mode;
    tasks_ = std::make_unique<async::task_group>(executor_);
    out_->start();
    if (hooks_.started) hooks_.started();
    for (auto& slot : orgs_) spawn_org(slot);
    // The pipeline asks for a stop when a sink worker dies (nothing could be delivered any
    // more): every org's own stop follows the collector's.
    net::co_spawn(executor_, follow_stop(), net::detached);
    // A reload may stop every org for a moment: the run ends only when none runs and none will.
    while (running_ > 0 || reloading_) co_await changed_.wait();
    co_await tasks_->wait();
    // Sources are done: let the sinks deliver what is queued, so the cursors can catch up.
    const bool delivered = co_await out_->drain();
    for (auto& slot : orgs_) co_await slot.runtime->close();
    log_summary();
    stop_.request();  // ends follow_stop()
    if (out_->failure()) co_return exit_failure;
    if (mode == run_mode::once && !delivered) co_return exit_failure;
    if (mode == run_mode::once && store_.unsaved() > 0) {
        spdlog::error(
            "{} cursor(s) could not be saved in the state directory {} ({}); the next "
            "run collects those events again",
            store_.unsaved(),
            store_.dir().string(),
            store_.last_failure());
        co_return exit_io_error;
    }
    for (const auto& slot : orgs_) {
        if (!slot.ok) co_return exit_failure;
    }
    co_return exit_ok;
}

collector_status collector::status() const {
    collector_status s;
    for (const auto& slot : orgs_) s.orgs.push_back(slot.runtime->status());
    for (const auto& worker : out_->workers()) {
        const auto& c = worker->counters();
        s.sinks.push_back({worker->name(),
                           c.accepted,
                           c.dead_lettered,
                           c.retries,
                           worker->accepting(),
                           worker->last_error()});
    }
    const auto q = out_->queue().stats();
    s.queue_events = q.held_events;
    s.queue_bytes = q.held_bytes;
    s.events_dropped = q.dropped;
    return s;
}

/// One line at the end: what this run delivered.
void collector::log_summary() const {
    const auto s = status();
    std::uint64_t read = 0;
    for (const auto& org : s.orgs) {
        for (const auto& src : org.sources) read += src.events_read;
    }
    std::string sinks;
    for (const auto& sink : s.sinks) {
        sinks +=
            fmt::format("{}{}: {} delivered", sinks.empty() ? "" : ", ", sink.name, sink.delivered);
        if (sink.dead_lettered) sinks += fmt::format(" ({} dead-lettered)", sink.dead_lettered);
    }
    spdlog::info("this run: {} event(s) read from {} org(s); {}", read, s.orgs.size(), sinks);
}

}  // namespace sfc::app
