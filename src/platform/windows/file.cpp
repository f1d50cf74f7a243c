#include "platform/file.hpp"

#include <algorithm>
#include <utility>

#include "platform/windows/win32.hpp"

namespace sfc::platform {
namespace {

using win32::last_error;

HANDLE handle_of(std::intptr_t handle) {
    return reinterpret_cast<HANDLE>(handle);
}

// Others may read, write and rename the file while it is open: an operator follows the log with
// Get-Content -Wait, and a rotation moves it away, as on Linux.
constexpr DWORD share_all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

/// Overwrites a buffer that held secret bytes (SecureZeroMemory is never optimised away).
void wipe(char* buffer, std::size_t size) {
    SecureZeroMemory(buffer, size);
}

/// Appends at most `limit` + 1 bytes of `h` to `out`.
std::error_code read_bounded(HANDLE h, std::uint64_t limit, std::string& out) {
    char buffer[4096];
    std::error_code ec;
    while (out.size() <= limit) {
        DWORD n = 0;
        if (!::ReadFile(h, buffer, sizeof buffer, &n, nullptr)) {
            const DWORD err = ::GetLastError();
            if (err != ERROR_HANDLE_EOF) ec = win32::error(err);
            break;
        }
        if (n == 0) break;
        out.append(buffer, n);
    }
    wipe(buffer, sizeof buffer);
    return ec;
}

/// The reason CreateFileW failed; a missing file or folder reads as on POSIX ("No such file or
/// directory"), so one message names the problem on both systems.
std::error_code open_error() {
    const DWORD err = ::GetLastError();
    if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND) {
        return std::make_error_code(std::errc::no_such_file_or_directory);
    }
    return win32::error(err);
}

}  // namespace

small_file_result read_small_file(const std::filesystem::path& path,
                                  std::uint64_t limit,
                                  std::string& out) {
    out.clear();
    small_file_result result;
    const DWORD attributes = ::GetFileAttributesW(path.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
        result.status = small_file_status::not_regular;
        return result;
    }
    HANDLE h = ::CreateFileW(path.c_str(),
                             GENERIC_READ,
                             share_all,
                             nullptr,
                             OPEN_EXISTING,
                             FILE_ATTRIBUTE_NORMAL,
                             nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        result.status = small_file_status::cannot_open;
        result.error = open_error();
        return result;
    }
    LARGE_INTEGER size{};
    if (::GetFileType(h) != FILE_TYPE_DISK) {
        result.status = small_file_status::not_regular;  // a pipe, console or device
    } else if (!::GetFileSizeEx(h, &size)) {
        result.status = small_file_status::read_failed;
        result.error = last_error();
    } else if (static_cast<std::uint64_t>(size.QuadPart) > limit) {
        result.status = small_file_status::too_large;
        result.size = static_cast<std::uint64_t>(size.QuadPart);
    } else {
        result.size = static_cast<std::uint64_t>(size.QuadPart);
        out.reserve(static_cast<std::size_t>(result.size) + 1);
        if (auto ec = read_bounded(h, limit, out)) {
            result.status = small_file_status::read_failed;
            result.error = ec;
        } else if (out.size() > limit) {  // it grew while being read
            result.status = small_file_status::too_large;
            result.size = out.size();
        }
    }
    ::CloseHandle(h);
    return result;
}

file file::open(const std::filesystem::path& path, open_mode mode, std::error_code& ec, unsigned) {
    DWORD access = GENERIC_READ;
    DWORD disposition = OPEN_EXISTING;
    switch (mode) {
        case open_mode::read:
            break;
        case open_mode::append:
            access = GENERIC_READ | GENERIC_WRITE;
            disposition = OPEN_ALWAYS;
            break;
        case open_mode::rewrite:
            access = GENERIC_WRITE;
            disposition = CREATE_ALWAYS;
            break;
    }
    HANDLE h = ::CreateFileW(
        path.c_str(), access, share_all, nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) {
        ec = last_error();
        return {};
    }
    ec.clear();
    file f(reinterpret_cast<std::intptr_t>(h), true);
    if (mode == open_mode::append) {
        LARGE_INTEGER zero{};
        ::SetFilePointerEx(h, zero, nullptr, FILE_END);
    }
    return f;
}

file file::standard_output() {
    return file(reinterpret_cast<std::intptr_t>(::GetStdHandle(STD_OUTPUT_HANDLE)), false);
}

std::error_code file::write_all(std::string_view data) {
    // One writer per file: moving to the end before each write is what O_APPEND does on Linux,
    // and it keeps appending after a truncate().
    // (A pipe or a console has no position: the call fails there and changes nothing.)
    LARGE_INTEGER end{};
    ::SetFilePointerEx(handle_of(handle_), end, nullptr, FILE_END);
    while (!data.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(data.size(), 1u << 30));
        DWORD written = 0;
        if (!::WriteFile(handle_of(handle_), data.data(), chunk, &written, nullptr)) {
            return last_error();
        }
        data.remove_prefix(written);
    }
    return {};
}

std::error_code file::read_all(std::string& out) {
    char buffer[4096];
    for (;;) {
        DWORD n = 0;
        if (!::ReadFile(handle_of(handle_), buffer, sizeof buffer, &n, nullptr)) {
            const DWORD err = ::GetLastError();
            if (err == ERROR_BROKEN_PIPE || err == ERROR_HANDLE_EOF) return {};
            return win32::error(err);
        }
        if (n == 0) return {};
        out.append(buffer, n);
    }
}

std::error_code file::read_at(std::uint64_t offset,
                              char* buffer,
                              std::size_t size,
                              std::size_t& got) {
    got = 0;
    OVERLAPPED at{};
    at.Offset = static_cast<DWORD>(offset & 0xffffffffu);
    at.OffsetHigh = static_cast<DWORD>(offset >> 32);
    DWORD n = 0;
    if (!::ReadFile(handle_of(handle_), buffer, static_cast<DWORD>(size), &n, &at)) {
        const DWORD err = ::GetLastError();
        if (err == ERROR_HANDLE_EOF) return {};
        return win32::error(err);
    }
    got = n;
    return {};
}

std::error_code file::sync() {
    if (::GetFileType(handle_of(handle_)) != FILE_TYPE_DISK) return {};
    if (!::FlushFileBuffers(handle_of(handle_))) return last_error();
    return {};
}

bool file::regular_size(std::uint64_t& size) const {
    if (::GetFileType(handle_of(handle_)) != FILE_TYPE_DISK) return false;
    LARGE_INTEGER s{};
    if (!::GetFileSizeEx(handle_of(handle_), &s)) return false;
    size = static_cast<std::uint64_t>(s.QuadPart);
    return true;
}

std::error_code file::truncate(std::uint64_t size) {
    LARGE_INTEGER at{};
    at.QuadPart = static_cast<LONGLONG>(size);
    if (!::SetFilePointerEx(handle_of(handle_), at, nullptr, FILE_BEGIN) ||
        !::SetEndOfFile(handle_of(handle_))) {
        return last_error();
    }
    return {};
}

std::error_code file::close() {
    const std::intptr_t handle = std::exchange(handle_, invalid);
    if (handle == invalid || !owned_) return {};
    if (!::CloseHandle(handle_of(handle))) return last_error();
    return {};
}

std::error_code replace_file(const std::filesystem::path& source,
                             const std::filesystem::path& target) {
    if (!::MoveFileExW(
            source.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        return last_error();
    }
    return {};
}

std::error_code sync_directory(const std::filesystem::path&) {
    return {};  // MOVEFILE_WRITE_THROUGH returned only once the rename was on disk
}

std::error_code check_writable_directory(const std::filesystem::path& dir) {
    // Access checks against ACLs are best answered by trying: create and delete a probe file.
    const std::filesystem::path probe = dir / ".sfcollector-write-probe";
    HANDLE h = ::CreateFileW(probe.c_str(),
                             GENERIC_WRITE,
                             0,
                             nullptr,
                             CREATE_ALWAYS,
                             FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE,
                             nullptr);
    if (h == INVALID_HANDLE_VALUE) return last_error();
    ::CloseHandle(h);
    return {};
}

void make_private_directory(const std::filesystem::path&) {}

bool is_not_found(const std::error_code& ec) {
    if (ec == std::errc::no_such_file_or_directory) return true;  // read_small_file's open_error()
    return ec.category() == std::system_category() &&
           (ec.value() == ERROR_FILE_NOT_FOUND || ec.value() == ERROR_PATH_NOT_FOUND);
}

bool is_broken_pipe(const std::error_code& ec) {
    return ec.category() == std::system_category() &&
           (ec.value() == ERROR_NO_DATA || ec.value() == ERROR_BROKEN_PIPE);
}

}  // namespace sfc::platform
