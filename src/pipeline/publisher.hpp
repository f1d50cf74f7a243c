#pragma once
// How a source hands events on. publish() completes once the pipeline has taken the batch (it
// waits while the queue is full: backpressure reaches the source, which stops reading Salesforce).
// `on_delivered` runs later, once every sink has accepted (or dead-lettered) every event of this
// batch and of every batch published before it: that is when a source may save its cursor.

#include <boost/asio/awaitable.hpp>
#include <functional>

#include "async/stop_signal.hpp"
#include "sfc/event.hpp"

namespace sfc::pipeline {

/// publish() throws async::stopping when the collector is stopping before the batch was taken.
class publisher {
public:
    virtual ~publisher() = default;
    /// Takes the batch by value: a coroutine must not hold a reference its caller may drop. An
    /// empty batch is fine: its on_delivered runs when everything before it is delivered.
    virtual boost::asio::awaitable<void> publish(event_batch batch,
                                                 std::function<void()> on_delivered) = 0;
};

}  // namespace sfc::pipeline
