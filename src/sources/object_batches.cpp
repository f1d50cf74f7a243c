#include "sources/object_batches.hpp"

#include <functional>

namespace sfc::sources {

object_batches::object_batches(pipeline::publisher& out,
                               async::stop_signal& stop,
                               state::checkpoint_store& store,
                               std::string key,
                               limits l)
    : out_(out), stop_(stop), store_(store), key_(std::move(key)), limits_(l) {}

boost::asio::awaitable<void> object_batches::publish(std::string cursor_json) {
    const std::size_t events = batch_.size();
    // Named, not temporaries inside the co_await: GCC 12 mishandles those.
    std::function<void()> save = [this, json = std::move(cursor_json)] { store_.save(key_, json); };
    co_await out_.publish(std::move(batch_), std::move(save));
    batch_.clear();  // moved from: make it a valid, empty batch again
    published_ += events;
}

}  // namespace sfc::sources
