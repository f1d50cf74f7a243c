#pragma once
// Keeps two collectors off one state_dir: both would read the same cursors, forward the same
// events twice and overwrite each other's checkpoints. The lock is `<dir>/lock`, held for as long
// as the dir_lock lives and released by the system when the process ends, however it ends; the
// file holds the holder's process id so the second collector can say who is in the way.
// POSIX: an open file description lock (F_OFD_SETLK; flock where there is none), which conflicts
// with every other open of the file, in this process too. Windows: LockFileEx on a byte far past
// the process id, so others can still read the id.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace sfc::platform {

/// Why acquire() failed, as one line naming the directory and the fix.
class dir_lock_error : public std::runtime_error {
public:
    dir_lock_error(const std::string& message, std::optional<unsigned long> holder)
        : std::runtime_error(message), holder_(holder) {}

    /// The process holding the lock, when it is held and the file names it.
    std::optional<unsigned long> holder() const { return holder_; }

private:
    std::optional<unsigned long> holder_;
};

/// Move-only; the destructor releases the lock.
class dir_lock {
public:
    /// Locks the existing directory `dir` (its `lock` file is created if missing), without
    /// waiting. Throws dir_lock_error when another process, or another dir_lock, holds it
    /// ("state_dir /var/lib/sfcollector is in use by another sfcollector (pid 1234); ...") or when
    /// the lock file cannot be opened.
    static dir_lock acquire(const std::filesystem::path& dir);

    dir_lock(dir_lock&& other) noexcept;
    dir_lock& operator=(dir_lock&& other) noexcept;
    dir_lock(const dir_lock&) = delete;
    dir_lock& operator=(const dir_lock&) = delete;
    ~dir_lock();

    /// `<dir>/lock`.
    const std::filesystem::path& path() const { return path_; }

private:
    static constexpr std::intptr_t invalid = -1;
    dir_lock(std::intptr_t handle, std::filesystem::path path)
        : handle_(handle), path_(std::move(path)) {}
    void release() noexcept;

    // Shared by both sides (dir_lock.cpp), so the texts are the same everywhere.
    /// The error for a lock held elsewhere; `content` is the lock file's, `stop_hint` how to stop
    /// the other collector ("systemctl stop sfcollector").
    [[noreturn]] static void throw_busy(const std::filesystem::path& dir,
                                        std::string_view content,
                                        std::string_view stop_hint);
    /// The error for a lock file that cannot be opened or locked at all: "cannot lock state_dir
    /// DIR: <what> DIR/lock: <ec>; <fix>".
    [[noreturn]] static void throw_failed(const std::filesystem::path& dir,
                                          std::string_view what,
                                          const std::error_code& ec,
                                          std::string_view fix);
    /// "1234\n" for this process.
    static std::string pid_line();

    std::intptr_t handle_ = invalid;  ///< a descriptor (POSIX) or a HANDLE (Windows)
    std::filesystem::path path_;
};

}  // namespace sfc::platform
