#pragma once
// Sources → bounded delivery queue → one worker per sink. The pipeline is the publisher the
// sources see; it owns the sinks, the queue, the dead-letter file and the shutdown drain.

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <vector>

#include "async/notifier.hpp"
#include "async/stop_signal.hpp"
#include "pipeline/dead_letter.hpp"
#include "pipeline/delivery_queue.hpp"
#include "pipeline/publisher.hpp"
#include "pipeline/sink_worker.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"

namespace sfc::pipeline {

/// When the cursors of delivered batches are saved. Each round first awaits every sink's
/// sync(), then runs the on_delivered callbacks of the batches delivered since the last round,
/// in order: one flush and (with begin/end holding a checkpoint store) one save per cursor serve
/// every batch of the round. A round also starts once its batches hold a quarter of the queue's
/// max_events, so a crash repeats little more than what the queue held. drain() runs a last
/// round.
struct commit_policy {
    /// The least time between rounds; zero runs one as soon as a batch is delivered.
    std::chrono::milliseconds interval{1000};
    std::function<void()> begin;  ///< before a round's callbacks
    std::function<void()> end;    ///< after them; may throw (logged: those saves wait)
};

struct sink_entry {
    std::unique_ptr<sink> target;
    batching limits;
};

class pipeline final : public publisher {
public:
    /// `stop` is the sources' stop signal: the pipeline requests it when a worker fails, since
    /// nothing could be delivered any more.
    pipeline(boost::asio::any_io_executor executor,
             const config::pipeline_config& cfg,
             std::vector<sink_entry> sinks,
             const sfc::clock& clock,
             async::stop_signal& stop,
             std::uint64_t seed);
    ~pipeline() override;

    /// Before start().
    void set_commit_policy(commit_policy policy) { policy_ = std::move(policy); }
    /// Starts one worker per sink, and the rounds that save cursors.
    void start();
    boost::asio::awaitable<void> publish(event_batch batch,
                                         std::function<void()> on_delivered) override;
    /// After the sources stopped: sinks deliver what is queued, for at most the shutdown grace;
    /// then what is still in flight is abandoned (its cursors were not saved: it comes again).
    /// Returns true when everything was delivered.
    boost::asio::awaitable<bool> drain();
    /// SIGHUP: each sink reopens what it can (file sinks their files, after a rotation). A sink
    /// that cannot is logged and goes on with what it had open. Returns how many were asked.
    std::size_t reopen_sinks();
    /// Publishing ends: a publish() waiting for room, and every later one, throw stopping. For a
    /// stop, or a reload that replaces the sinks.
    void stop_intake() { intake_.request(); }
    /// Set when a worker died (e.g. the dead-letter file cannot be written).
    std::exception_ptr failure() const { return failure_; }

    const delivery_queue& queue() const { return queue_; }
    const std::vector<std::unique_ptr<sink_worker>>& workers() const { return workers_; }

private:
    boost::asio::awaitable<void> wait_for_workers(std::chrono::steady_clock::time_point until);
    /// Runs commit rounds until drain() closes intake of callbacks.
    boost::asio::awaitable<void> commit_rounds();
    /// One round: false when a sink could not sync (the callbacks wait for the next round).
    boost::asio::awaitable<bool> commit();
    void run_round(std::vector<std::function<void()>>& round);
    std::size_t round_events() const { return std::max<std::size_t>(cfg_.max_events / 4, 1); }

    boost::asio::any_io_executor executor_;
    config::pipeline_config cfg_;
    std::vector<sink_entry> sinks_;
    async::stop_signal& stop_;
    async::stop_signal abandon_;
    async::stop_signal intake_;
    delivery_queue queue_;
    dead_letter_file dead_letters_;
    std::vector<std::unique_ptr<sink_worker>> workers_;
    std::size_t running_ = 0;
    async::notifier finished_;
    std::exception_ptr failure_;
    commit_policy policy_;
    /// Callbacks of delivered batches, in order, waiting for the next round.
    std::vector<std::function<void()>> ready_;
    std::size_t ready_events_ = 0;  ///< in the batches of ready_
    async::notifier commit_due_;    ///< the first callback is ready, or the rounds are to end
    std::chrono::steady_clock::time_point last_commit_{};
    bool rounds_ending_ = false;
    bool rounds_running_ = false;
    bool sync_failing_ = false;  ///< for one warning per episode
};

}  // namespace sfc::pipeline
