#include "platform/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sfc::platform {
namespace {

std::error_code last_error() {
    return {errno, std::generic_category()};
}

int fd_of(std::intptr_t handle) {
    return static_cast<int>(handle);
}

/// Overwrites a buffer that held secret bytes; volatile, so the stores are not optimised away.
void wipe(char* buffer, std::size_t size) {
    volatile char* p = buffer;
    for (std::size_t i = 0; i < size; ++i) p[i] = 0;
}

/// Appends at most `limit` + 1 bytes of `fd` to `out`.
std::error_code read_bounded(int fd, std::uint64_t limit, std::string& out) {
    char buffer[4096];
    std::error_code ec;
    while (out.size() <= limit) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ec = last_error();
            break;
        }
        if (n == 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
    }
    wipe(buffer, sizeof buffer);
    return ec;
}

}  // namespace

small_file_result read_small_file(const std::filesystem::path& path,
                                  std::uint64_t limit,
                                  std::string& out) {
    out.clear();
    small_file_result result;
    // O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        result.status = small_file_status::cannot_open;
        result.error = last_error();
        return result;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        result.status = small_file_status::read_failed;
        result.error = last_error();
    } else if (!S_ISREG(st.st_mode)) {
        result.status = small_file_status::not_regular;
    } else if (static_cast<std::uint64_t>(st.st_size) > limit) {
        result.status = small_file_status::too_large;
        result.size = static_cast<std::uint64_t>(st.st_size);
    } else {
        result.size = static_cast<std::uint64_t>(st.st_size);
        out.reserve(static_cast<std::size_t>(result.size) + 1);
        if (auto ec = read_bounded(fd, limit, out)) {
            result.status = small_file_status::read_failed;
            result.error = ec;
        } else if (out.size() > limit) {  // it grew while being read
            result.status = small_file_status::too_large;
            result.size = out.size();
        }
    }
    ::close(fd);
    return result;
}

file file::open(const std::filesystem::path& path,
                open_mode mode,
                std::error_code& ec,
                unsigned posix_mode) {
    int flags = O_CLOEXEC;
    switch (mode) {
        case open_mode::read:
            flags |= O_RDONLY;
            break;
        case open_mode::append:
            flags |= O_RDWR | O_APPEND | O_CREAT;
            break;
        case open_mode::rewrite:
            flags |= O_WRONLY | O_CREAT | O_TRUNC;
            break;
    }
    const int fd = ::open(path.c_str(), flags, static_cast<mode_t>(posix_mode));
    if (fd < 0) {
        ec = last_error();
        return {};
    }
    ec.clear();
    return file(fd, true);
}

file file::standard_output() {
    return file(STDOUT_FILENO, false);
}

std::error_code file::write_all(std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd_of(handle_), data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_error();
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

std::error_code file::read_all(std::string& out) {
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd_of(handle_), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_error();
        if (n == 0) return {};
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

std::error_code file::read_at(std::uint64_t offset,
                              char* buffer,
                              std::size_t size,
                              std::size_t& got) {
    got = 0;
    for (;;) {
        const ssize_t n = ::pread(fd_of(handle_), buffer, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_error();
        got = static_cast<std::size_t>(n);
        return {};
    }
}

std::error_code file::sync() {
    // EINVAL: a pipe or a device, which has nothing to sync.
    if (::fdatasync(fd_of(handle_)) != 0 && errno != EINVAL) return last_error();
    return {};
}

bool file::regular_size(std::uint64_t& size) const {
    struct stat st {};
    if (::fstat(fd_of(handle_), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    size = static_cast<std::uint64_t>(st.st_size);
    return true;
}

std::error_code file::truncate(std::uint64_t size) {
    if (::ftruncate(fd_of(handle_), static_cast<off_t>(size)) != 0) return last_error();
    return {};
}

std::error_code file::close() {
    const std::intptr_t handle = std::exchange(handle_, invalid);
    if (handle == invalid || !owned_) return {};
    if (::close(fd_of(handle)) != 0) return last_error();
    return {};
}

std::error_code replace_file(const std::filesystem::path& source,
                             const std::filesystem::path& target) {
    if (::rename(source.c_str(), target.c_str()) != 0) return last_error();
    return {};
}

std::error_code sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return last_error();
    std::error_code ec;
    if (::fsync(fd) != 0) ec = last_error();
    ::close(fd);
    return ec;
}

std::error_code check_writable_directory(const std::filesystem::path& dir) {
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return last_error();
    return {};
}

void make_private_directory(const std::filesystem::path& dir) {
    std::error_code ignored;
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, ignored);
}

bool is_not_found(const std::error_code& ec) {
    return ec == std::errc::no_such_file_or_directory;
}

bool is_broken_pipe(const std::error_code& ec) {
    return ec == std::errc::broken_pipe;
}

}  // namespace sfc::platform
