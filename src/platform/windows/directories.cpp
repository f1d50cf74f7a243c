#include "platform/directories.hpp"

namespace sfc::platform {

// Windows has no mode bits: a new directory inherits its parent's ACL (ProgramData's lets
// only administrators and SYSTEM write), which is what the installer sets up.
bool create_directories_private(const std::filesystem::path& dir, std::error_code& ec) {
    ec.clear();
    if (dir.empty()) return false;
    return std::filesystem::create_directories(dir, ec);
}

}  // namespace sfc::platform
