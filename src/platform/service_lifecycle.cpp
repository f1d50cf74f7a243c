#include "platform/service_lifecycle.hpp"

namespace sfc::platform {
namespace {

// Start-up only loads the config and the key before RUNNING: a few seconds at most.
constexpr std::uint32_t start_wait_hint_ms = 10'000;

}  // namespace

service_lifecycle::service_lifecycle(service_status_sink& sink,
                                     std::chrono::milliseconds stop_wait_hint)
    : sink_(sink), stop_wait_hint_ms_(static_cast<std::uint32_t>(stop_wait_hint.count())) {}

void service_lifecycle::starting() {
    std::lock_guard lock(mutex_);
    status_ = {};
    status_.state = service_state::start_pending;
    status_.checkpoint = 1;
    status_.wait_hint_ms = start_wait_hint_ms;
    report_locked();
}

void service_lifecycle::running() {
    std::lock_guard lock(mutex_);
    if (status_.state != service_state::start_pending) return;  // a stop came first
    status_.state = service_state::running;
    status_.controls_accepted =
        service_accepts::stop | service_accepts::shutdown | service_accepts::preshutdown;
    status_.checkpoint = 0;
    status_.wait_hint_ms = 0;
    report_locked();
}

bool service_lifecycle::control(std::uint32_t code) {
    std::lock_guard lock(mutex_);
    switch (code) {
        case service_controls::stop:
        case service_controls::shutdown:
        case service_controls::preshutdown:
            if (status_.state == service_state::stop_pending ||
                status_.state == service_state::stopped) {
                report_locked();
                return false;  // already stopping: one drain is enough
            }
            status_.state = service_state::stop_pending;
            status_.controls_accepted = 0;
            status_.checkpoint = 1;
            status_.wait_hint_ms = stop_wait_hint_ms_;
            report_locked();
            return true;
        default:
            report_locked();  // interrogate, and anything else: say where we are
            return false;
    }
}

void service_lifecycle::still_stopping() {
    std::lock_guard lock(mutex_);
    if (status_.state != service_state::stop_pending) return;
    ++status_.checkpoint;
    report_locked();
}

void service_lifecycle::stopped(int exit_code) {
    std::lock_guard lock(mutex_);
    status_.state = service_state::stopped;
    status_.controls_accepted = 0;
    status_.checkpoint = 0;
    status_.wait_hint_ms = 0;
    status_.win32_exit_code = exit_code == 0 ? 0 : error_service_specific;
    status_.service_exit_code = static_cast<std::uint32_t>(exit_code);
    report_locked();
}

service_state service_lifecycle::state() const {
    std::lock_guard lock(mutex_);
    return status_.state;
}

void service_lifecycle::report_locked() {
    sink_.report(status_);
}

}  // namespace sfc::platform
