#include "pipeline/delivery_queue.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/experimental/awaitable_operators.hpp>

namespace sfc::pipeline {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

void run_on_delivered(const std::function<void()>& f) {
    if (!f) return;
    try {
        f();
    } catch (const std::exception& e) {
        spdlog::error(
            "saving progress failed: {}; delivered events may be collected again "
            "after a restart",
            e.what());
    }
}

delivery_queue::delivery_queue(net::any_io_executor executor,
                               const config::pipeline_config& limits,
                               std::size_t sink_count)
    : limits_(limits),
      positions_(sink_count),
      taken_events_(sink_count, 0),
      taken_bytes_(sink_count, 0),
      data_(executor),
      room_(executor) {}

bool delivery_queue::has_room(const event_batch& b) const {
    // An empty queue takes any batch, or one batch larger than the limits would wait forever.
    if (held_events_ == 0) return true;
    return held_events_ + b.size() <= limits_.max_events &&
           held_bytes_ + b.memory <= limits_.max_bytes;
}

net::awaitable<void> delivery_queue::push(event_batch batch,
                                          std::function<void()> on_delivered,
                                          async::stop_signal& stop) {
    if (!has_room(batch)) {
        if (limits_.when_full == config::when_full::drop_newest) {
            if (dropped_since_log_ == 0) {
                spdlog::warn(
                    "queue full ({} events, {} bytes): dropping new events "
                    "(pipeline.when_full is drop_newest)",
                    held_events_,
                    held_bytes_);
            }
            dropped_ += batch.size();
            dropped_since_log_ += batch.size();
            batch.clear();  // its cursor still moves on: dropping is what was asked for
        } else {
            if (!paused_) {
                spdlog::info(
                    "queue full ({} events, {} bytes): collection paused until the "
                    "sinks catch up",
                    held_events_,
                    held_bytes_);
                paused_ = true;
            }
            while (!has_room(batch)) {
                if (stop.requested()) throw async::stopping();
                co_await (room_.wait() || stop.wait());
            }
        }
    }
    held_events_ += batch.size();
    held_bytes_ += batch.memory;
    pushed_events_ += batch.size();
    pushed_bytes_ += batch.bytes;
    entries_.push_back(
        {std::make_shared<const event_batch>(std::move(batch)), std::move(on_delivered)});
    // A batch with no events may already be passed by every sink.
    retire();
    data_.notify_all();
}

void delivery_queue::close() {
    closed_ = true;
    data_.notify_all();
}

std::size_t delivery_queue::available_events(std::size_t s) const {
    return static_cast<std::size_t>(pushed_events_ - taken_events_[s]);
}

std::size_t delivery_queue::available_bytes(std::size_t s) const {
    return static_cast<std::size_t>(pushed_bytes_ - taken_bytes_[s]);
}

sink_slice delivery_queue::take(std::size_t s,
                                std::size_t max_events,
                                std::size_t max_bytes) const {
    sink_slice out;
    queue_position pos = positions_[s];
    std::size_t bytes = 0;
    std::vector<std::span<const event>> parts;
    std::size_t count = 0;
    while (pos.seq < end_seq() && count < max_events) {
        const auto& events = at(pos.seq).batch->events;
        std::size_t n = 0;
        while (pos.offset + n < events.size() && count + n < max_events) {
            const std::size_t size = events[pos.offset + n].json.size();
            if ((count + n) > 0 && bytes + size > max_bytes) break;
            bytes += size;
            ++n;
        }
        if (n > 0) parts.emplace_back(events.data() + pos.offset, n);
        count += n;
        pos.offset += n;
        if (pos.offset < events.size()) break;  // a limit was reached inside this batch
        ++pos.seq;
        pos.offset = 0;
        // Events from two batches are copied into one array, which costs more than a send when
        // the events are many: small batches are joined, big ones go as they are.
        constexpr std::size_t worth_copying = 64;
        if (count >= worth_copying && (count >= max_events / 2 || bytes >= max_bytes / 2)) break;
    }
    out.end = pos;
    if (parts.size() == 1) {
        out.events = parts.front();  // the common case: no copy
    } else if (parts.size() > 1) {
        out.owned.reserve(count);
        for (auto part : parts) out.owned.insert(out.owned.end(), part.begin(), part.end());
        out.events = out.owned;
    }
    return out;
}

void delivery_queue::advance(std::size_t s, const sink_slice& slice) {
    taken_events_[s] += slice.events.size();
    for (const auto& e : slice.events) taken_bytes_[s] += e.json.size();
    positions_[s] = slice.end;
    retire();
}

bool delivery_queue::done_for_all(std::uint64_t seq) const {
    const std::size_t size = at(seq).batch->size();
    for (const auto& p : positions_) {
        const bool passed = p.seq > seq || (p.seq == seq && p.offset >= size);
        if (!passed) return false;
    }
    return true;
}

void delivery_queue::retire() {
    bool freed = false;
    while (!entries_.empty() && done_for_all(first_seq_)) {
        entry e = std::move(entries_.front());
        entries_.pop_front();
        ++first_seq_;
        held_events_ -= e.batch->size();
        held_bytes_ -= e.batch->memory;
        // A sink standing at the end of a retired empty batch moves to the next one.
        for (auto& p : positions_) {
            if (p.seq < first_seq_) p = {first_seq_, 0};
        }
        freed = true;
        run_on_delivered(e.on_delivered);
    }
    if (!freed) return;
    if (paused_ && held_events_ < limits_.max_events && held_bytes_ < limits_.max_bytes) {
        spdlog::info("queue has room again: collection resumed");
        paused_ = false;
    }
    if (dropped_since_log_ > 0 && held_events_ == 0) {
        spdlog::warn("queue has room again; {} events were dropped while it was full",
                     dropped_since_log_);
        dropped_since_log_ = 0;
    }
    room_.notify_all();
}

queue_stats delivery_queue::stats() const {
    return {dropped_, held_events_, held_bytes_};
}

}  // namespace sfc::pipeline
