#pragma once
// How an object source hands events on: in batches bounded by events and bytes, each published
// with the cursor that covers it. The cursor is saved only when the pipeline reports the batch
// (and everything before it) delivered, so it never runs ahead of the sinks.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <utility>

#include "async/stop_signal.hpp"
#include "pipeline/publisher.hpp"
#include "sfc/event.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::sources {

class object_batches {
public:
    struct limits {
        std::size_t events = 1000;
        std::size_t bytes = 1u << 20;
    };

    object_batches(pipeline::publisher& out,
                   async::stop_signal& stop,
                   state::checkpoint_store& store,
                   std::string key,
                   limits l);

    void push(sfc::event e) { batch_.push(std::move(e)); }
    bool full() const { return batch_.size() >= limits_.events || batch_.bytes >= limits_.bytes; }
    bool empty() const { return batch_.empty(); }
    /// Drops the pending events (their query broke; they will be read again).
    void discard() { batch_.clear(); }

    /// Publishes the pending events (or none: then the cursor alone travels through the
    /// pipeline, in order) with `cursor_json`.
    boost::asio::awaitable<void> publish(std::string cursor_json);
    /// Throws async::stopping when a stop was requested: sources stop between batches.
    void stop_if_requested() const {
        if (stop_.requested()) throw async::stopping();
    }

    /// Events published since the last call.
    std::uint64_t take_published() { return std::exchange(published_, 0); }

private:
    pipeline::publisher& out_;
    async::stop_signal& stop_;
    state::checkpoint_store& store_;
    std::string key_;
    limits limits_;
    event_batch batch_;
    std::uint64_t published_ = 0;
};

}  // namespace sfc::sources
