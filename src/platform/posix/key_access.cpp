#include "platform/key_access.hpp"

#include <sys/stat.h>

#include <cstdio>

namespace sfc::platform {

std::optional<std::string> key_file_exposure(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    constexpr mode_t others_access = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
    const mode_t mode = info.st_mode & 07777;
    if ((mode & others_access) == 0) return std::nullopt;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    return std::string("the file has mode ") + octal +
           ", so users other than its owner may read or change it; run chmod 600 " + path.string();
}

}  // namespace sfc::platform
