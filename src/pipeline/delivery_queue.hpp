#pragma once
// The bounded queue between sources and sinks, and its acknowledgement tracker.
//
// Batches are kept once, in publish order. Each sink reads them at its own position; a batch
// leaves the queue, and its on_delivered runs, when every sink's position has passed it. So
// cursors advance in order, and only over events every sink has accepted. Limits count the
// events and bytes held: when full, push() waits (block) or drops the new events (drop_newest).

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "async/notifier.hpp"
#include "async/stop_signal.hpp"
#include "pipeline/publisher.hpp"
#include "sfc/config.hpp"
#include "sfc/event.hpp"

namespace sfc::pipeline {

/// Runs a batch's on_delivered. A cursor that fails to save (disk full) must not take the
/// pipeline down: the events are delivered, and at worst they come again after a restart.
void run_on_delivered(const std::function<void()>& f);

/// Where a sink stands: the next event to take is event `offset` of the batch numbered `seq`.
struct queue_position {
    std::uint64_t seq = 0;
    std::size_t offset = 0;
};

/// Events taken by one sink, in order, and where it stands once they are accepted.
struct sink_slice {
    std::span<const event> events;  ///< points into the queue, or into `owned`
    std::vector<event> owned;       ///< used when the slice spans several batches
    queue_position end;
};

struct queue_stats {
    std::uint64_t dropped = 0;  ///< events dropped with when_full: drop_newest
    std::size_t held_events = 0;
    std::size_t held_bytes = 0;  ///< memory_of() the events held
};

class delivery_queue {
public:
    delivery_queue(boost::asio::any_io_executor executor,
                   const config::pipeline_config& limits,
                   std::size_t sink_count);

    /// Producer side. Waits for room (block) unless stopping; throws stopping when asked to stop.
    boost::asio::awaitable<void> push(event_batch batch,
                                      std::function<void()> on_delivered,
                                      async::stop_signal& stop);
    /// No more pushes: sinks drain what is held, then take() reports the end.
    void close();
    bool closed() const { return closed_; }

    /// Consumer side, for sink `s`.
    std::size_t available_events(std::size_t s) const;
    std::size_t available_bytes(std::size_t s) const;
    /// Up to the limits, from the sink's position (at least one event when any is available).
    sink_slice take(std::size_t s, std::size_t max_events, std::size_t max_bytes) const;
    /// The slice was accepted (or dead-lettered): move the sink on past it, and retire the
    /// batches every sink has passed, running their on_delivered in order.
    void advance(std::size_t s, const sink_slice& slice);
    /// Until something is pushed or the queue closes (or the deadline).
    boost::asio::awaitable<void> wait_for_data() { return data_.wait(); }
    boost::asio::awaitable<void> wait_for_data_until(std::chrono::steady_clock::time_point t) {
        return data_.wait_until(t);
    }

    queue_stats stats() const;
    bool empty() const { return entries_.empty(); }

private:
    struct entry {
        std::shared_ptr<const event_batch> batch;
        std::function<void()> on_delivered;
    };

    bool has_room(const event_batch& b) const;
    bool done_for_all(std::uint64_t seq) const;
    void retire();
    const entry& at(std::uint64_t seq) const { return entries_[seq - first_seq_]; }
    std::uint64_t end_seq() const { return first_seq_ + entries_.size(); }

    config::pipeline_config limits_;
    std::deque<entry> entries_;
    std::uint64_t first_seq_ = 0;
    std::vector<queue_position> positions_;
    std::uint64_t pushed_events_ = 0;
    std::uint64_t pushed_bytes_ = 0;
    std::vector<std::uint64_t> taken_events_;  ///< accepted by each sink, cumulative
    std::vector<std::uint64_t> taken_bytes_;
    std::size_t held_events_ = 0;
    std::size_t held_bytes_ = 0;
    std::uint64_t dropped_ = 0;
    std::uint64_t dropped_since_log_ = 0;
    bool paused_ = false;
    bool closed_ = false;
    async::notifier data_;
    async::notifier room_;
};

}  // namespace sfc::pipeline
