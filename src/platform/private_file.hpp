#pragma once
// Writing a file only its owner may read (a private key, a keystore), in one call: created with
// owner-only access from the start, never widened and narrowed afterwards.

#include <filesystem>
#include <string_view>
#include <system_error>

namespace sfc::platform {

/// Writes `data` to `path`, flushed to disk, as a file only its owner can read or change: mode
/// 0600 on POSIX (before the umask) given at creation; on Windows a protected DACL granting the
/// current user, SYSTEM and the Administrators full control, set in the creating call.
/// Without `replace`, an existing `path` (even a dangling symlink) is left alone and the result
/// is std::errc::file_exists. With `replace`, the content goes to a temporary file beside `path`
/// that is then renamed over it, so the old file keeps neither its content nor its permissions.
/// On failure nothing is left behind but what was there before.
std::error_code write_private_file(const std::filesystem::path& path,
                                   std::string_view data,
                                   bool replace);

}  // namespace sfc::platform
