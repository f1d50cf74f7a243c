#include "platform/dir_lock.hpp"

#include "platform/windows/win32.hpp"

namespace sfc::platform {
namespace {

HANDLE handle_of(std::intptr_t handle) {
    return reinterpret_cast<HANDLE>(handle);
}

/// The locked byte, far past the process id: Windows locks are mandatory, and a lock on the id
/// itself would keep the second collector from reading who holds it. Locks past the end of the
/// file are allowed.
OVERLAPPED lock_range() {
    OVERLAPPED at{};
    at.OffsetHigh = 0x40000000;
    return at;
}

std::string read_head(HANDLE h) {
    char buffer[64];
    OVERLAPPED at{};
    DWORD n = 0;
    if (!::ReadFile(h, buffer, sizeof buffer, &n, &at)) return {};
    return std::string(buffer, n);
}

/// Empties the file from the start; the holder's only way to change it.
bool truncate(HANDLE h) {
    LARGE_INTEGER zero{};
    return ::SetFilePointerEx(h, zero, nullptr, FILE_BEGIN) && ::SetEndOfFile(h);
}

constexpr const char* stop_hint = "sfcollector service stop";

}  // namespace

dir_lock dir_lock::acquire(const std::filesystem::path& dir) {
    std::filesystem::path path = dir / "lock";
    // Shared for reading and writing so the second collector can open it to read the id; no
    // FILE_SHARE_DELETE, so nobody removes the file from under the holder.
    HANDLE h = ::CreateFileW(path.c_str(),
                             GENERIC_READ | GENERIC_WRITE,
                             FILE_SHARE_READ | FILE_SHARE_WRITE,
                             nullptr,
                             OPEN_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL,
                             nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        const DWORD error = ::GetLastError();
        if (error == ERROR_SHARING_VIOLATION) throw_busy(dir, {}, stop_hint);
        throw_failed(dir,
                     "cannot open",
                     win32::error(error),
                     "check that the folder exists and that this account may write to it");
    }
    OVERLAPPED at = lock_range();
    if (!::LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &at)) {
        const DWORD error = ::GetLastError();
        if (error == ERROR_LOCK_VIOLATION || error == ERROR_IO_PENDING) {
            const std::string content = read_head(h);
            ::CloseHandle(h);
            throw_busy(dir, content, stop_hint);
        }
        ::CloseHandle(h);
        throw_failed(
            dir, "cannot lock", win32::error(error), "put state_dir on a local NTFS volume");
    }
    // The id is for the error above: a failure to write it does not weaken the lock.
    const std::string line = pid_line();
    if (truncate(h)) {
        DWORD written = 0;
        ::WriteFile(h, line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
    }
    return dir_lock(reinterpret_cast<std::intptr_t>(h), std::move(path));
}

void dir_lock::release() noexcept {
    if (handle_ == invalid) return;
    HANDLE h = handle_of(std::exchange(handle_, invalid));
    truncate(h);  // nobody mistakes a stopped collector's id for a running one's
    // Explicitly: a lock left to CloseHandle is released "when the system has the resources".
    OVERLAPPED at = lock_range();
    ::UnlockFileEx(h, 0, 1, 0, &at);
    ::CloseHandle(h);
}

}  // namespace sfc::platform
