#pragma once
// Where the collector's files live by default: /etc and /var/lib on Linux,
// %ProgramData%\sfcollector on Windows.

#include <filesystem>

namespace sfc::platform {

std::filesystem::path default_config_file();
std::filesystem::path default_state_dir();
/// Where the Windows service writes its own log (rotated by size); empty on POSIX, where the
/// daemon logs to stderr and journald keeps it.
std::filesystem::path service_log_file();

}  // namespace sfc::platform
