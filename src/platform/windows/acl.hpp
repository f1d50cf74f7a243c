#pragma once
// Windows ACLs, as the key-file check and the service's folders need them: who besides the owner,
// SYSTEM and the Administrators may read a file, and a folder locked to SYSTEM and Administrators.

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "platform/windows/win32.hpp"

namespace sfc::platform::win32 {

/// The broad groups (Everyone, Users, Authenticated Users, Guests, ...) that `dacl` lets read the
/// object, by name ("BUILTIN\Users"). A null DACL grants everyone everything: {"Everyone"}.
std::vector<std::string> broad_readers(const ACL* dacl);

/// Replaces the DACL of `path` with the one an SDDL string spells (e.g. "D:P(A;;FA;;;SY)"),
/// marked protected when the string says P (no inheritance from the parent).
std::error_code set_dacl(const std::filesystem::path& path, const wchar_t* sddl);

/// Replaces the DACL of `path` with one that does not inherit and grants full control to SYSTEM
/// and the Administrators only (files and folders created inside inherit it).
std::error_code restrict_to_administrators(const std::filesystem::path& path);

}  // namespace sfc::platform::win32
