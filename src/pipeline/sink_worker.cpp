#include "pipeline/sink_worker.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include <numeric>

namespace sfc::pipeline {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

sink_worker::sink_worker(sink& target,
                         std::size_t index,
                         delivery_queue& queue,
                         dead_letter_file& dead_letters,
                         batching limits,
                         async::backoff retry,
                         async::stop_signal& abandon,
                         const sfc::clock& clock)
    : sink_(target),
      index_(index),
      queue_(queue),
      dead_letters_(dead_letters),
      limits_(limits),
      backoff_(std::move(retry)),
      abandon_(abandon),
      clock_(clock) {}

net::awaitable<void> sink_worker::run() {
    while (co_await wait_for_batch()) {
        const sink_slice slice = queue_.take(index_, limits_.max_events, limits_.max_bytes);
        if (!co_await deliver(slice)) co_return;
        queue_.advance(index_, slice);
    }
}

/// True when a batch is ready: full, or lingered long enough, or the queue is draining.
net::awaitable<bool> sink_worker::wait_for_batch() {
    while (queue_.available_events(index_) == 0) {
        if (queue_.closed() || abandon_.requested()) co_return false;
        co_await (queue_.wait_for_data() || abandon_.wait());
    }
    const auto deadline = std::chrono::steady_clock::now() + limits_.linger;
    while (!queue_.closed() && !abandon_.requested() &&
           queue_.available_events(index_) < limits_.max_events &&
           queue_.available_bytes(index_) < limits_.max_bytes &&
           std::chrono::steady_clock::now() < deadline) {
        co_await (queue_.wait_for_data_until(deadline) || abandon_.wait());
    }
    co_return !abandon_.requested();
}

/// Sends until every event of the slice is accepted or dead-lettered; false when abandoned.
net::awaitable<bool> sink_worker::deliver(const sink_slice& slice) {
    std::vector<std::size_t> pending(slice.events.size());
    std::iota(pending.begin(), pending.end(), std::size_t{0});
    std::vector<event> subset;
    for (;;) {
        std::span<const event> sending = slice.events;
        if (pending.size() != slice.events.size()) {
            subset.clear();
            for (auto i : pending) subset.push_back(slice.events[i]);
            sending = subset;
        }
        const send_result r = co_await sink_.send(sending);
        const std::size_t refused = dead_letter(sending, r.rejected);
        if (r.status == send_status::ok) {
            counters_.accepted += pending.size() - refused;
            break;
        }
        if (r.status == send_status::partial) {
            std::vector<std::size_t> again;
            for (auto i : r.retry) {
                if (i < pending.size()) again.push_back(pending[i]);
            }
            counters_.accepted += pending.size() - again.size() - refused;
            pending = std::move(again);
            if (pending.empty()) break;
        }
        ++counters_.retries;
        if (!co_await pause(r)) co_return false;
    }
    if (down_) note_recovery();
    accepting_ = true;
    backoff_.reset();
    co_return true;
}

/// Logs the failure, then waits before the next try.
net::awaitable<bool> sink_worker::pause(const send_result& r) {
    accepting_ = false;
    last_error_ = r.detail;
    note_failure(r);
    const auto floor = r.retry_after.value_or(std::chrono::milliseconds(0));
    co_return co_await abandon_.sleep_for(backoff_.next_at_least(floor));
}

void sink_worker::note_failure(const send_result& r) {
    const bool first = !down_;
    if (first) {
        down_ = true;
        failed_attempts_ = 0;
        down_since_ = clock_.steady_now();
    }
    ++failed_attempts_;
    if (r.status == send_status::fatal) {
        // Bad credentials or a wrong index: the operator must act, so say it every time, but
        // keep the events and keep trying: nothing is lost meanwhile.
        spdlog::error("sink {} refuses events: {}; retrying", sink_.name(), r.detail);
    } else if (first) {
        // Once per episode at warning level: an operator sees a sink that stalls delivery (and
        // so every cursor) without a line per retry.
        spdlog::warn("sink {} is not accepting events ({}); will retry with backoff",
                     sink_.name(),
                     r.detail);
    } else {
        spdlog::debug("sink {} still not accepting events (attempt {}): {}",
                      sink_.name(),
                      failed_attempts_,
                      r.detail);
    }
}

void sink_worker::note_recovery() {
    const auto lasted = std::chrono::duration<double>(clock_.steady_now() - down_since_);
    spdlog::info("sink {} is accepting events again after {} failed attempt(s) over {:.1f} s",
                 sink_.name(),
                 failed_attempts_,
                 lasted.count());
    down_ = false;
    failed_attempts_ = 0;
}

std::size_t sink_worker::dead_letter(std::span<const event> sent,
                                     const std::vector<rejection>& rejected) {
    if (rejected.empty()) return 0;
    std::vector<std::pair<const event*, std::string>> lines;
    for (const auto& r : rejected) {
        if (r.index < sent.size()) lines.emplace_back(&sent[r.index], r.reason);
    }
    if (lines.empty()) return 0;
    // A dead-letter file that cannot be written stops delivery (the exception reaches the
    // pipeline): refusing silently would lose the events.
    dead_letters_.write(sink_.name(), lines);
    counters_.dead_lettered += lines.size();
    spdlog::warn("sink {} refused {} event(s) for good (first: {}); kept in {}",
                 sink_.name(),
                 lines.size(),
                 lines.front().second,
                 dead_letters_.path().string());
    return lines.size();
}

}  // namespace sfc::pipeline
