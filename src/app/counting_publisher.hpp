#pragma once
// One source's view of the pipeline: counts what the source hands on, and once a batch is
// delivered (its cursor saved) notes where the cursor stands, for the metrics and `debug`.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "pipeline/publisher.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::app {

class counting_publisher final : public pipeline::publisher {
public:
    /// `label` names the source in debug lines ("org prod: EventLogFile").
    counting_publisher(pipeline::publisher& inner,
                       const state::checkpoint_store& store,
                       std::string label);

    boost::asio::awaitable<void> publish(event_batch batch,
                                         std::function<void()> on_delivered) override;

    /// Set once the source knows its key (after login).
    void set_cursor_key(std::string key) { key_ = std::move(key); }
    std::uint64_t events() const { return events_; }
    std::optional<std::chrono::system_clock::time_point> cursor_time() const {
        return cursor_time_;
    }

private:
    void delivered();

    pipeline::publisher& inner_;
    const state::checkpoint_store& store_;
    std::string label_;
    std::string key_;
    std::uint64_t events_ = 0;
    std::optional<std::chrono::system_clock::time_point> cursor_time_;
};

}  // namespace sfc::app
