#pragma once
// Creating the directories the collector writes into (a file sink's folder, the dead-letter
// folder, the state directory) without opening them to every local user.

#include <filesystem>
#include <system_error>

namespace sfc::platform {

/// Creates `dir` and any missing parents. On POSIX each new directory gets mode 0750 (owner
/// all, group read and search, others nothing; a stricter umask narrows it further); existing
/// ones are left as they are. On Windows the new directories inherit the parent's ACL, as
/// std::filesystem::create_directories does. Returns true when `dir` itself was created; sets
/// `ec` (and returns false) when a component cannot be created or is not a directory.
bool create_directories_private(const std::filesystem::path& dir, std::error_code& ec);

}  // namespace sfc::platform
