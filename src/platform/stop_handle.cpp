#include "platform/stop_handle.hpp"

namespace sfc::platform {

void stop_handle::request(std::string reason) {
    std::lock_guard lock(mutex_);
    if (requested_) return;
    requested_ = true;
    if (deliver_) {
        deliver_(std::move(reason));
    } else {
        pending_ = std::move(reason);
    }
}

bool stop_handle::requested() const {
    std::lock_guard lock(mutex_);
    return requested_;
}

void stop_handle::attach(std::function<void(std::string)> deliver) {
    std::lock_guard lock(mutex_);
    deliver_ = std::move(deliver);
    if (ready_) ready_();
    if (requested_) deliver_(std::move(pending_));
}

void stop_handle::on_attach(std::function<void()> ready) {
    std::lock_guard lock(mutex_);
    ready_ = std::move(ready);
}

void stop_handle::detach() {
    std::lock_guard lock(mutex_);
    deliver_ = nullptr;
}

}  // namespace sfc::platform
