#include "pipeline/pipeline.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

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
      finished_(executor) {
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
    co_await queue_.push(std::move(batch), std::move(on_delivered), intake_);
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
    for (auto& s : sinks_) co_await s.target->stop();
    co_return all;
}

}  // namespace sfc::pipeline
