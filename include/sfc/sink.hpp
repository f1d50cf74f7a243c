#pragma once
// The seam between the pipeline and every destination (file, stdout, later syslog and HTTP).

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sfc/event.hpp"

namespace sfc {

/// Outcome of one send, in the tri-state every log shipper uses, plus partial acceptance.
enum class send_status {
    ok,       ///< every event was accepted, except those listed in `rejected`
    retry,    ///< nothing was accepted; the same batch may be sent again later
    fatal,    ///< the sink can never accept events as configured (bad credentials, bad index)
    partial,  ///< the events listed in `retry` must be sent again; the others were accepted
              ///< or are listed in `rejected`
};

/// One event the peer refused for good (a mapping error, invalid data, over the size limit).
/// It goes to the dead-letter file with the reason; it never blocks the events after it.
struct rejection {
    std::size_t index = 0;  ///< position in the batch given to send()
    std::string reason;     ///< one line; never holds secrets
};

struct send_result {
    send_status status = send_status::ok;
    std::string detail;  ///< one line for the log when status is not ok; never holds secrets
    std::vector<rejection> rejected;  ///< with ok or partial
    std::vector<std::size_t> retry;   ///< with partial: positions to send again
    std::optional<std::chrono::milliseconds> retry_after;  ///< the peer's Retry-After, if any

    static send_result accepted() { return {}; }
    static send_result failed(send_status status, std::string detail) {
        send_result r;
        r.status = status;
        r.detail = std::move(detail);
        return r;
    }
};

/// A destination for events. A sink is driven from one coroutine at a time.
class sink {
public:
    virtual ~sink() = default;
    /// A short name for logs ("file:/var/log/sfcollector/events.jsonl").
    virtual std::string name() const = 0;
    /// Delivers the events. Returns ok once the peer has them; a sink whose durability costs a
    /// flush (a file's fdatasync) may leave that to sync().
    virtual boost::asio::awaitable<send_result> send(std::span<const event> events) = 0;
    /// Makes every event accepted so far as durable as the sink can make them. The pipeline
    /// awaits it before saving the cursors that cover those events, so one flush serves many
    /// batches. Returns retry (with a detail) when it cannot; the cursors then wait. Runs on the
    /// sinks' executor between sends, or while a send that suspends is in flight.
    virtual boost::asio::awaitable<send_result> sync() { co_return send_result::accepted(); }
    /// Called once at shutdown, after the last send.
    virtual boost::asio::awaitable<void> stop() { co_return; }
    /// SIGHUP: opens afresh what an operator may have rotated away (a file sink's file); sinks
    /// with nothing to reopen ignore it. Throws (a message naming the sink) when it cannot, and
    /// keeps what it had open. Runs on the sinks' executor: a send that suspends may be in flight
    /// meanwhile.
    virtual void reopen() {}
};

}  // namespace sfc
