#include "platform/dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>

namespace sfc::platform {
namespace {

std::error_code last_error() {
    return {errno, std::generic_category()};
}

/// An exclusive lock that belongs to the open file description, not to the process: a second
/// open of the same file conflicts even in this process, and closing another descriptor of the
/// file elsewhere in the process (which drops classic POSIX record locks) leaves it alone.
/// false with errno set; EWOULDBLOCK, EAGAIN or EACCES mean someone else holds it.
bool lock_exclusive(int fd) {
#ifdef F_OFD_SETLK
    struct flock range {};
    range.l_type = F_WRLCK;
    range.l_whence = SEEK_SET;  // l_start = l_len = 0: the whole file; l_pid must be 0
    if (::fcntl(fd, F_OFD_SETLK, &range) == 0) return true;
    if (errno != EINVAL) return false;
        // EINVAL: a kernel before 3.15, which has flock with the same semantics.
#endif
    return ::flock(fd, LOCK_EX | LOCK_NB) == 0;
}

bool held_elsewhere(int error) {
    return error == EWOULDBLOCK || error == EAGAIN || error == EACCES;
}

std::string read_head(int fd) {
    char buffer[64];
    const ssize_t n = ::pread(fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

}  // namespace

dir_lock dir_lock::acquire(const std::filesystem::path& dir) {
    std::filesystem::path path = dir / "lock";
    // O_NOFOLLOW: a symbolic link planted in the state directory must not make us truncate
    // whatever it points to.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        throw_failed(dir,
                     "cannot open",
                     last_error(),
                     "check that the directory exists and that this user may write to it");
    }
    if (!lock_exclusive(fd)) {
        const std::error_code ec = last_error();
        if (held_elsewhere(ec.value())) {
            const std::string content = read_head(fd);
            ::close(fd);
            throw_busy(dir, content, "systemctl stop sfcollector");
        }
        ::close(fd);
        throw_failed(dir, "cannot lock", ec, "put state_dir on a local file system");
    }
    // Only the holder writes, so a reader sees the holder's id or, for a moment, an empty file.
    // The id is for the error above: a failure to write it does not weaken the lock.
    const std::string line = pid_line();
    if (::ftruncate(fd, 0) == 0) {
        [[maybe_unused]] const ssize_t n = ::pwrite(fd, line.data(), line.size(), 0);
    }
    return dir_lock(fd, std::move(path));
}

void dir_lock::release() noexcept {
    if (handle_ == invalid) return;
    const int fd = static_cast<int>(std::exchange(handle_, invalid));
    // Empty, so nobody mistakes the id of a stopped collector for a running one. The file stays:
    // removing it would let a newcomer lock a fresh file while an older one still holds the old.
    [[maybe_unused]] const int ignored = ::ftruncate(fd, 0);
    ::close(fd);  // releases the lock
}

}  // namespace sfc::platform
