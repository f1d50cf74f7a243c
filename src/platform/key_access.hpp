#pragma once
// Whether users other than the file's owner (and the administrators) can read a private key or
// a passphrase file: the mode bits on POSIX, the file's ACL on Windows.

#include <filesystem>
#include <optional>
#include <string>

namespace sfc::platform {

/// nullopt when only the owner can reach the file (or it cannot be examined: the key loader
/// reports a missing file itself); otherwise who else can, and the command that fixes it, e.g.
/// "the file has mode 0644, so users other than its owner may read or change it; run chmod 600
/// /etc/sfcollector/server.pem".
std::optional<std::string> key_file_exposure(const std::filesystem::path& path);

}  // namespace sfc::platform
