#pragma once
// The seam between the pipeline and every destination (file, stdout, later syslog and HTTP).

#include <boost/asio/awaitable.hpp>
#include <span>
#include <string>

#include "sfc/event.hpp"

namespace sfc {

/// Outcome of one send, in the tri-state every log shipper uses.
enum class send_status {
    ok,     ///< every event was accepted
    retry,  ///< nothing was accepted; the same batch may be sent again later
    fatal,  ///< the batch can never be accepted as it is
};

struct send_result {
    send_status status = send_status::ok;
    std::string detail;  ///< one line for the log when status is not ok; never holds secrets
};

/// A destination for events. A sink is driven from one coroutine at a time.
class sink {
public:
    virtual ~sink() = default;
    /// A short name for logs ("file:/var/log/sfcollector/events.jsonl").
    virtual std::string name() const = 0;
    /// Delivers the events; returns ok only once they are as durable as the sink can make them.
    virtual boost::asio::awaitable<send_result> send(std::span<const event> events) = 0;
    /// Called once at shutdown, after the last send.
    virtual boost::asio::awaitable<void> stop() { co_return; }
};

}  // namespace sfc
