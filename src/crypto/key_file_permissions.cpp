// A private key (or passphrase) file other users can read is a leaked credential waiting to
// happen; the collector warns rather than refuses, since some deployments manage access by ACL.
#include <sys/stat.h>

#include <cstdio>

#include "crypto/private_key.hpp"

namespace sfc::crypto {

std::optional<std::string> key_file_permission_warning(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return std::nullopt;
    constexpr mode_t others_access = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
    const mode_t mode = info.st_mode & 07777;
    if ((mode & others_access) == 0) return std::nullopt;
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(mode));
    const std::string file = path.string();
    return file + ": the file has mode " + octal +
           ", so users other than its owner may read or change it; run chmod 600 " + file;
}

}  // namespace sfc::crypto
