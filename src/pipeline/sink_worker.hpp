#pragma once
// Feeds one sink from the delivery queue: batches by count, bytes and linger time, retries with
// capped exponential backoff and full jitter (honouring Retry-After) until the sink accepts,
// resends only what a partial answer asks for, and dead-letters what the sink refuses for good.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "async/backoff.hpp"
#include "async/stop_signal.hpp"
#include "pipeline/dead_letter.hpp"
#include "pipeline/delivery_queue.hpp"
#include "sfc/clock.hpp"
#include "sfc/sink.hpp"

namespace sfc::pipeline {

struct batching {
    std::size_t max_events = 500;
    std::size_t max_bytes = 1u << 20;
    std::chrono::milliseconds linger{1000};
};

struct sink_counters {
    std::uint64_t accepted = 0;
    std::uint64_t dead_lettered = 0;
    std::uint64_t retries = 0;
};

class sink_worker {
public:
    sink_worker(sink& target,
                std::size_t index,
                delivery_queue& queue,
                dead_letter_file& dead_letters,
                batching limits,
                async::backoff retry,
                async::stop_signal& abandon,
                const sfc::clock& clock);

    /// Runs until the queue is closed and drained, or `abandon` is requested (then what is in
    /// flight stays unacknowledged: it is collected again after a restart).
    boost::asio::awaitable<void> run();

    const sink_counters& counters() const { return counters_; }
    /// False from a failed send until the next accepted one; `last_error()` says why.
    bool accepting() const { return accepting_; }
    const std::string& last_error() const { return last_error_; }
    std::string name() const { return sink_.name(); }

private:
    boost::asio::awaitable<bool> wait_for_batch();
    boost::asio::awaitable<bool> deliver(const sink_slice& slice);
    /// Writes the refused events to the dead-letter file; returns how many.
    std::size_t dead_letter(std::span<const event> sent, const std::vector<rejection>& rejected);
    boost::asio::awaitable<bool> pause(const send_result& r);
    /// Logs a failed send: a warning for the first of an episode, debug for the retries after it.
    void note_failure(const send_result& r);
    /// Ends an episode of failures with one line saying how long it lasted.
    void note_recovery();

    sink& sink_;
    std::size_t index_;
    delivery_queue& queue_;
    dead_letter_file& dead_letters_;
    batching limits_;
    async::backoff backoff_;
    async::stop_signal& abandon_;
    const sfc::clock& clock_;
    sink_counters counters_;
    bool down_ = false;                                 ///< in an episode of failed sends
    std::uint64_t failed_attempts_ = 0;                 ///< failed sends in this episode
    std::chrono::steady_clock::time_point down_since_;  ///< the episode's first failure
    bool accepting_ = true;
    std::string last_error_;
};

}  // namespace sfc::pipeline
