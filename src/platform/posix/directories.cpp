#include "platform/directories.hpp"

#include <sys/stat.h>

#include <cerrno>

namespace sfc::platform {

bool create_directories_private(const std::filesystem::path& dir, std::error_code& ec) {
    ec.clear();
    if (dir.empty()) return false;
    // Component by component, so that every directory made here, not only the last, is 0750
    // (std::filesystem gives the parents 0777 & ~umask).
    std::filesystem::path prefix;
    bool created = false;
    for (const auto& part : dir) {
        prefix /= part;
        if (part.empty() || part == prefix.root_path()) continue;
        // What exists is left alone (and never hits mkdir's EACCES or EROFS on a system path).
        std::error_code probe;
        if (std::filesystem::is_directory(prefix, probe)) {
            created = false;
            continue;
        }
        if (::mkdir(prefix.c_str(), 0750) == 0) {
            created = true;
            continue;
        }
        const int err = errno;
        created = false;
        if (err == EEXIST && std::filesystem::is_directory(prefix, ec)) continue;
        if (!ec) {
            ec = err == EEXIST ? std::make_error_code(std::errc::not_a_directory)
                               : std::error_code(err, std::generic_category());
        }
        return false;
    }
    return created;
}

}  // namespace sfc::platform
