#include "pipeline/pipeline.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include <algorithm>
#include <utility>

namespace sfc::pipeline {

namespace net = boost::asio;

pipeline::pipeline(net::any_io_executor executor,
                   const config::pipeline_config& cfg,
                   std::vector<sink_entry> sinks,
                   const sfc::clock& clock,
                   async::stop_signal& stop,
                   std::uint64_t seed)
    : executor_(executor),
      cfg_(cfg),
      sinks_(std::move(sinks)),
      stop_(stop),
      abandon_(executor),
      intake_(executor),
      queue_(executor, cfg, sinks_.size()),
      dead_letters_(cfg.dead_letter_path, clock),
      finished_(executor),
      commit_due_(executor) {
    for (std::size_t i = 0; i < sinks_.size(); ++i) {
        workers_.push_back(std::make_unique<sink_worker>(
            *sinks_[i].target,
            i,
            queue_,
            dead_letters_,
            sinks_[i].limits,
            async::backoff(cfg.retry_initial, cfg.retry_max, seed + i),
            abandon_,
            clock));
    }
}

pipeline::~pipeline() = default;

void pipeline::start() {
    last_commit_ = std::chrono::steady_clock::now();
    rounds_running_ = true;
    net::co_spawn(executor_, commit_rounds(), [this](std::exception_ptr e) {
        rounds_running_ = false;
        if (e) spdlog::error("saving cursors stopped unexpectedly");
        finished_.notify_all();
    });
    for (auto& w : workers_) {
        ++running_;
        net::co_spawn(executor_, w->run(), [this, name = w->name()](std::exception_ptr e) {
            --running_;
            if (e) {
                try {
                    std::rethrow_exception(e);
                } catch (const std::exception& ex) {
                    spdlog::error("sink {} stopped: {}; stopping collection", name, ex.what());
                }
                if (!failure_) failure_ = e;
                stop_.request();
                intake_.request();
                abandon_.request();
            }
            finished_.notify_all();
        });
    }
}

std::size_t pipeline::reopen_sinks() {
    for (auto& entry : sinks_) {
        try {
            entry.target->reopen();
        } catch (const std::exception& e) {
            spdlog::warn("{}; writing on to what it had open", e.what());
        }
    }
    return sinks_.size();
}

net::awaitable<void> pipeline::publish(event_batch batch, std::function<void()> on_delivered) {
    if (failure_) throw async::stopping();
    // Delivered batches wait for the next commit round, which first makes them durable.
    std::function<void()> delivered;
    if (on_delivered) {
        delivered = [this, f = std::move(on_delivered), n = batch.size()]() mutable {
            ready_.push_back(std::move(f));
            const bool was_short = ready_events_ < round_events();
            ready_events_ += n;
            if (ready_.size() == 1 || (was_short && ready_events_ >= round_events())) {
                commit_due_.notify_all();
            }
        };
    }
    co_await queue_.push(std::move(batch), std::move(delivered), intake_);
}

net::awaitable<void> pipeline::commit_rounds() {
    // After a failed sync, the next try waits at least this long, however short the interval.
    constexpr std::chrono::milliseconds sync_retry{1000};
    bool failed = false;
    for (;;) {
        while (ready_.empty() && !rounds_ending_) co_await commit_due_.wait();
        if (rounds_ending_) co_return;
        // Let the deliveries of the interval gather into this round.
        const auto gap = failed ? std::max(policy_.interval, sync_retry) : policy_.interval;
        const auto due = last_commit_ + gap;
        while (!rounds_ending_ && ready_events_ < round_events() &&
               std::chrono::steady_clock::now() < due) {
            co_await commit_due_.wait_until(due);
        }
        if (rounds_ending_) co_return;
        failed = !co_await commit();
    }
}

net::awaitable<bool> pipeline::commit() {
    if (ready_.empty()) co_return true;
    last_commit_ = std::chrono::steady_clock::now();
    // Only the callbacks ready now: the syncs below cover their events.
    std::vector<std::function<void()>> round;
    round.swap(ready_);
    const std::size_t round_size = std::exchange(ready_events_, 0);
    for (auto& entry : sinks_) {
        const send_result r = co_await entry.target->sync();
        if (r.status == send_status::ok) continue;
        if (!sync_failing_) {
            spdlog::warn("{}; the cursors wait for the next successful sync", r.detail);
        }
        sync_failing_ = true;
        // Back in front of the callbacks that came meanwhile: cursors move in order.
        round.insert(round.end(),
                     std::make_move_iterator(ready_.begin()),
                     std::make_move_iterator(ready_.end()));
        ready_ = std::move(round);
        ready_events_ += round_size;
        co_return false;
    }
    sync_failing_ = false;
    run_round(round);
    co_return true;
}

void pipeline::run_round(std::vector<std::function<void()>>& round) {
    if (policy_.begin) policy_.begin();
    for (const auto& f : round) run_on_delivered(f);
    run_on_delivered(policy_.end);  // logs a failed save, as for each callback
}

net::awaitable<void> pipeline::wait_for_workers(std::chrono::steady_clock::time_point until) {
    while (running_ > 0 && std::chrono::steady_clock::now() < until) {
        co_await finished_.wait_until(until);
    }
}

net::awaitable<bool> pipeline::drain() {
    queue_.close();
    const auto held = queue_.stats().held_events;
    if (held > 0) {
        spdlog::info("delivering the {} queued event(s) before stopping (at most {} s)",
                     held,
                     cfg_.shutdown_grace.count());
    }
    co_await wait_for_workers(std::chrono::steady_clock::now() + cfg_.shutdown_grace);
    const bool all = queue_.empty() && !failure_;
    if (running_ > 0) {
        spdlog::warn(
            "shutdown grace of {} s is over with {} event(s) undelivered; their "
            "cursors were not saved, so they are collected again after a restart",
            cfg_.shutdown_grace.count(),
            queue_.stats().held_events);
        abandon_.request();
        // Each sink's own timeouts bound what is still in flight.
        co_await wait_for_workers(std::chrono::steady_clock::time_point::max());
    }
    // The last round, once the rounds that run on their own are over (one may be mid-sync).
    rounds_ending_ = true;
    commit_due_.notify_all();
    while (rounds_running_) co_await finished_.wait();
    const bool committed = co_await commit();
    for (auto& s : sinks_) co_await s.target->stop();
    const bool everything_saved = all && committed;
    co_return everything_saved;
}

}  // namespace sfc::pipeline
