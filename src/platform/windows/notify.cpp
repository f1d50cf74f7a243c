// No systemd on Windows: the service control manager hears from service_lifecycle instead, so
// every notification is dropped.
#include "platform/notify.hpp"

#include <utility>

namespace sfc::platform {

service_notifier service_notifier::from_environment() {
    return {};
}

service_notifier::service_notifier(service_notifier&& other) noexcept
    : socket_(std::exchange(other.socket_, invalid)),
      address_(std::move(other.address_)),
      watchdog_(std::exchange(other.watchdog_, std::nullopt)),
      failure_logged_(other.failure_logged_.load()) {}

service_notifier& service_notifier::operator=(service_notifier&& other) noexcept {
    socket_ = std::exchange(other.socket_, invalid);
    address_ = std::move(other.address_);
    watchdog_ = std::exchange(other.watchdog_, std::nullopt);
    failure_logged_ = other.failure_logged_.load();
    return *this;
}

service_notifier::~service_notifier() = default;

void service_notifier::ready() {}
void service_notifier::status(std::string_view) {}
void service_notifier::stopping() {}
void service_notifier::reloading() {}
void service_notifier::watchdog() {}
void service_notifier::send(std::string_view) {}

}  // namespace sfc::platform
