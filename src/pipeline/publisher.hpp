#pragma once
// How a source hands events on. publish() completes only when every sink has accepted the batch,
// so a source that saves its cursor after publish() never saves past undelivered events, and a
// slow or dead sink suspends the source (backpressure) instead of filling memory.

#include <boost/asio/awaitable.hpp>
#include <stdexcept>

#include "sfc/event.hpp"

namespace sfc::pipeline {

/// Thrown by publish() when the collector is stopping before the batch was delivered.
class stopping : public std::runtime_error {
public:
    stopping() : std::runtime_error("stopping") {}
};

/// Thrown by publish() when a sink refused a batch for good.
class delivery_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class publisher {
public:
    virtual ~publisher() = default;
    /// Takes the batch by value: a coroutine must not hold a reference its caller may drop.
    virtual boost::asio::awaitable<void> publish(event_batch batch) = 0;
};

}  // namespace sfc::pipeline
