#pragma once
// What a Windows service tells the service control manager, as a state machine apart from the
// Win32 calls, so its rules are unit-tested on any platform: START_PENDING -> RUNNING ->
// STOP_PENDING (a checkpoint per tick, within the wait hint) -> STOPPED. The numbers are the
// SERVICE_STATUS values; windows/service_main.cpp passes them to SetServiceStatus unchanged.

#include <chrono>
#include <cstdint>
#include <mutex>

namespace sfc::platform {

enum class service_state : std::uint32_t {
    stopped = 1,        // SERVICE_STOPPED
    start_pending = 2,  // SERVICE_START_PENDING
    stop_pending = 3,   // SERVICE_STOP_PENDING
    running = 4,        // SERVICE_RUNNING
};

namespace service_controls {
constexpr std::uint32_t stop = 0x1;         // SERVICE_CONTROL_STOP
constexpr std::uint32_t interrogate = 0x4;  // SERVICE_CONTROL_INTERROGATE
constexpr std::uint32_t shutdown = 0x5;     // SERVICE_CONTROL_SHUTDOWN
constexpr std::uint32_t preshutdown = 0xF;  // SERVICE_CONTROL_PRESHUTDOWN
}  // namespace service_controls

namespace service_accepts {
constexpr std::uint32_t stop = 0x1;           // SERVICE_ACCEPT_STOP
constexpr std::uint32_t shutdown = 0x4;       // SERVICE_ACCEPT_SHUTDOWN
constexpr std::uint32_t preshutdown = 0x100;  // SERVICE_ACCEPT_PRESHUTDOWN
}  // namespace service_accepts

/// ERROR_SERVICE_SPECIFIC_ERROR: the exit code is in service_exit_code.
constexpr std::uint32_t error_service_specific = 1066;

struct service_status {
    service_state state = service_state::stopped;
    std::uint32_t controls_accepted = 0;
    std::uint32_t win32_exit_code = 0;
    std::uint32_t service_exit_code = 0;
    std::uint32_t checkpoint = 0;
    std::uint32_t wait_hint_ms = 0;
};

/// Where the status goes: SetServiceStatus on Windows, a recording fake in tests.
class service_status_sink {
public:
    virtual ~service_status_sink() = default;
    virtual void report(const service_status& status) = 0;
};

/// Thread-safe: the control handler and the service's own thread both drive it.
class service_lifecycle {
public:
    service_lifecycle(service_status_sink& sink, std::chrono::milliseconds stop_wait_hint);

    /// START_PENDING, accepting no controls yet.
    void starting();
    /// RUNNING, accepting stop, pre-shutdown and shutdown.
    void running();
    /// A control from the service control manager; true when it asks the service to stop (stop,
    /// pre-shutdown, shutdown), which moves to STOP_PENDING. Interrogate repeats the status.
    bool control(std::uint32_t code);
    /// Another checkpoint while a stop drains, so the manager sees progress.
    void still_stopping();
    /// STOPPED with `exit_code` (0, or the process exit code as a service-specific error).
    void stopped(int exit_code);

    service_state state() const;

private:
    void report_locked();

    service_status_sink& sink_;
    const std::uint32_t stop_wait_hint_ms_;
    mutable std::mutex mutex_;
    service_status status_;
};

}  // namespace sfc::platform
