#pragma once
// Facts about this process and host that the syslog header carries.

#include <string>

namespace sfc::platform {

unsigned long process_id();

/// The host's name, or "" when the system has none.
std::string host_name();

}  // namespace sfc::platform
