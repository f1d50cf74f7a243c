#pragma once
// Delivers each batch to every sink in turn, retrying a sink that asks for it with backoff until
// it accepts or the collector stops.

#include <memory>
#include <vector>

#include "pipeline/backoff.hpp"
#include "pipeline/publisher.hpp"
#include "pipeline/stop_signal.hpp"
#include "sfc/sink.hpp"

namespace sfc::pipeline {

class dispatcher final : public publisher {
public:
    dispatcher(std::vector<std::unique_ptr<sink>> sinks, stop_signal& stop, backoff retry_backoff);

    boost::asio::awaitable<void> publish(event_batch batch) override;
    /// Lets every sink finish (at shutdown).
    boost::asio::awaitable<void> stop_sinks();

    std::uint64_t delivered() const { return delivered_; }

private:
    boost::asio::awaitable<void> deliver_to(sink& s, const event_batch& batch);

    std::vector<std::unique_ptr<sink>> sinks_;
    stop_signal& stop_;
    backoff backoff_;
    std::uint64_t delivered_ = 0;
};

}  // namespace sfc::pipeline
