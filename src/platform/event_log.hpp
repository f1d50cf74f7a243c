#pragma once
// The Windows Event Log, behind an interface: start, stop and fatal errors are written there as
// well as to the log file. Under Wine ReportEventW succeeds but nothing can be read back, so the
// callers are tested with a recording fake.

#include <memory>
#include <string_view>

namespace sfc::platform {

enum class event_log_severity { information, warning, error };

class event_log {
public:
    virtual ~event_log() = default;
    virtual void write(event_log_severity severity, std::string_view message) = 0;
};

/// The "sfcollector" source of the Application log on Windows; a writer that drops everything
/// elsewhere (journald already has the daemon's own log there).
std::unique_ptr<event_log> open_system_event_log();

}  // namespace sfc::platform
