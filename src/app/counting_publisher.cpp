#include "app/counting_publisher.hpp"

#include <spdlog/spdlog.h>

#include "sources/cursor_time.hpp"

namespace sfc::app {

counting_publisher::counting_publisher(pipeline::publisher& inner,
                                       const state::checkpoint_store& store,
                                       std::string label)
    : inner_(inner), store_(store), label_(std::move(label)) {}

boost::asio::awaitable<void> counting_publisher::publish(event_batch batch,
                                                         std::function<void()> on_delivered) {
    const std::size_t n = batch.size();
    // Named, not a temporary inside the co_await: GCC 12 mishandles those.
    std::function<void()> then = [this, inner = std::move(on_delivered)] {
        if (inner) inner();
        delivered();
    };
    co_await inner_.publish(std::move(batch), std::move(then));
    // Counted once the queue took them: a stop before that leaves them for the next run.
    events_ += n;
}

void counting_publisher::delivered() {
    if (key_.empty()) return;
    const auto saved = store_.saved(key_);
    if (!saved) return;
    if (auto t = sources::cursor_time(*saved)) cursor_time_ = t;
    spdlog::debug("{}: cursor saved: {}", label_, *saved);
}

}  // namespace sfc::app
