#include "pipeline/dispatcher.hpp"

#include <spdlog/spdlog.h>

namespace sfc::pipeline {

namespace net = boost::asio;

dispatcher::dispatcher(std::vector<std::unique_ptr<sink>> sinks,
                       stop_signal& stop,
                       backoff retry_backoff)
    : sinks_(std::move(sinks)), stop_(stop), backoff_(std::move(retry_backoff)) {}

net::awaitable<void> dispatcher::publish(event_batch batch) {
    if (batch.empty()) co_return;
    for (auto& s : sinks_) co_await deliver_to(*s, batch);
    delivered_ += batch.size();
}

net::awaitable<void> dispatcher::deliver_to(sink& s, const event_batch& batch) {
    bool was_down = false;
    for (;;) {
        const send_result r = co_await s.send(batch.events);
        if (r.status == send_status::ok) break;
        if (r.status == send_status::fatal) {
            throw delivery_error("sink " + s.name() + " refused " +
                                 std::to_string(batch.size()) + " events: " + r.detail);
        }
        // Log the transition once, not every attempt.
        if (!was_down) {
            spdlog::warn("sink {} is not accepting events ({}); collection paused, retrying",
                         s.name(), r.detail);
            was_down = true;
        }
        if (!co_await stop_.sleep_for(backoff_.next())) throw stopping();
    }
    if (was_down) spdlog::info("sink {} is accepting events again; collection resumed", s.name());
    backoff_.reset();
}

net::awaitable<void> dispatcher::stop_sinks() {
    for (auto& s : sinks_) co_await s->stop();
}

}  // namespace sfc::pipeline
