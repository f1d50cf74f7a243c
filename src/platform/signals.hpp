#pragma once
// Which process signals stop the collector and which reopen its files: SIGTERM, SIGINT and
// SIGHUP on POSIX; Ctrl-C (SIGINT), Ctrl-Break (SIGBREAK) and SIGTERM on Windows, where the
// service control manager's stop reaches the same funnel through app::stop_handle.

#include <string>
#include <vector>

namespace sfc::platform {

std::vector<int> stop_signals();

/// The signal that reopens file sinks after a rotation (SIGHUP), or 0 where there is none.
int reopen_signal();

/// "SIGTERM", "SIGINT", "Ctrl-Break", ...
std::string signal_name(int signal);

/// A write to a closed pipe must come back as an error, not end the process (SIGPIPE).
void ignore_broken_pipe();

}  // namespace sfc::platform
