#pragma once
// The collector as a Windows service: running under the service control manager, and the
// `sfcollector service install|uninstall|start|stop|status` commands. On POSIX every call says
// to use systemd instead.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "platform/event_log.hpp"
#include "platform/stop_handle.hpp"

namespace sfc::platform {

inline constexpr const char* service_name = "sfcollector";

struct service_hooks {
    /// Runs the collector until it stops by itself or `stop` is requested; returns the process
    /// exit code (78: configuration error).
    std::function<int(stop_handle& stop)> run;
    /// How long a stop may take: the pipeline's shutdown grace and some margin.
    std::chrono::milliseconds stop_wait_hint{std::chrono::seconds(45)};
    event_log* log = nullptr;
};

/// Connects to the service control manager and runs `hooks.run` as the service. Returns the exit
/// code, or nullopt when the process was not started by the manager (a console).
std::optional<int> run_as_service(const service_hooks& hooks);

/// The outcome of a service command: the exit code and one line for the console.
struct service_command_result {
    int exit_code = 0;
    std::string message;
};

/// Registers the service (automatic start, LocalSystem, restart on a crash, no restart after a
/// configuration error), running this executable with `run --service`, and `--config <config>`
/// when one is given (else the default, %ProgramData%\sfcollector\sfcollector.yaml).
service_command_result install_service(const std::optional<std::filesystem::path>& config);
service_command_result uninstall_service();
service_command_result start_service();
/// Asks for a stop and waits (within the wait hint) until the service reports STOPPED.
service_command_result stop_service();
service_command_result query_service();

/// Gives the installed service its recovery actions (restart after a crash, not after a
/// configuration error) and pre-shutdown time, which the MSI cannot set; called at every service
/// start, so an install by the MSI and one by `service install` end up alike. No-op on POSIX.
void apply_service_settings();

/// Locks %ProgramData%\sfcollector (config, keys, state, logs) to SYSTEM and the Administrators,
/// so other users cannot read the key or the cursors; a no-op on POSIX, where the package's
/// modes do that. Returns a warning to log, or "".
std::string secure_data_folder();

}  // namespace sfc::platform
