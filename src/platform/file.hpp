#pragma once
// Files the collector writes for durability (cursors, the file sink, dead letters) through one
// small interface: a POSIX descriptor on Linux, a Win32 HANDLE on Windows. Errors come back as
// std::error_code, whose message() is the system's own text ("No space left on device").

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>

namespace sfc::platform {

enum class open_mode {
    read,     ///< an existing file, read only
    append,   ///< create if missing (owner-only on POSIX: `private_mode`), writes go to the end
    rewrite,  ///< create or truncate, write from the start
};

/// An open file; move-only, closed by the destructor. Shared for reading and renaming on Windows,
/// so an operator can follow it (Get-Content -Wait) and a rotation can move it away.
class file {
public:
    file() = default;
    file(file&& other) noexcept;
    file& operator=(file&& other) noexcept;
    file(const file&) = delete;
    file& operator=(const file&) = delete;
    ~file();

    /// Opens `path`; on failure returns a closed file and sets `ec`. `posix_mode` is the mode a
    /// created file gets on POSIX (before the umask); Windows files inherit their folder's ACL.
    static file open(const std::filesystem::path& path,
                     open_mode mode,
                     std::error_code& ec,
                     unsigned posix_mode = 0600);

    /// The process's standard output, not owned (never closed).
    static file standard_output();

    bool is_open() const { return handle_ != invalid; }

    /// Writes everything, looping on short writes and interruptions.
    std::error_code write_all(std::string_view data);
    /// Appends what is left of `out` with the file's content from the current position.
    std::error_code read_all(std::string& out);
    /// Reads up to `size` bytes at `offset`; `got` is how many.
    std::error_code read_at(std::uint64_t offset, char* buffer, std::size_t size, std::size_t& got);
    /// Forces the written data to the disk (fdatasync, FlushFileBuffers).
    std::error_code sync();
    /// The size of a regular file; false for a pipe, a device or a console.
    bool regular_size(std::uint64_t& size) const;
    /// Cuts the file to `size` bytes.
    std::error_code truncate(std::uint64_t size);
    /// Closes now, reporting an error the close may carry.
    std::error_code close();

    /// A descriptor (POSIX) or HANDLE (Windows) adopted for tests that write to pipes.
    static file adopt(std::intptr_t native, bool owned);

private:
    static constexpr std::intptr_t invalid = -1;
    explicit file(std::intptr_t handle, bool owned) : handle_(handle), owned_(owned) {}
    std::intptr_t handle_ = invalid;
    bool owned_ = true;
};

/// Replaces `target` with `source` in one step (rename(2), MoveFileExW with
/// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH): a reader sees the old or the new file,
/// never a part of one. `source` must already be flushed with file::sync().
std::error_code replace_file(const std::filesystem::path& source,
                             const std::filesystem::path& target);

/// Makes a rename inside `dir` durable (fsync of the directory on POSIX; MoveFileExW's
/// write-through already did that on Windows).
std::error_code sync_directory(const std::filesystem::path& dir);

/// Whether this process may create files in `dir`.
std::error_code check_writable_directory(const std::filesystem::path& dir);

/// Gives a folder the collector creates for its own state owner-only access (mode 0700 on POSIX;
/// on Windows the folder keeps the ACL it inherits from %ProgramData%\sfcollector, which the
/// installer restricts).
void make_private_directory(const std::filesystem::path& dir);

/// The most the collector reads of the files an operator names; a larger one is refused at once.
/// The YAML config: a real one is a few KiB, and yaml-cpp's tree of a large one takes many
/// times its size in memory.
inline constexpr std::uint64_t max_config_file_size = 1u << 20;
inline constexpr std::uint64_t max_key_file_size = 1u << 20;      ///< keys, certificates
inline constexpr std::uint64_t max_ca_file_size = 16u << 20;      ///< CA bundles
inline constexpr std::uint64_t max_secret_file_size = 64u << 10;  ///< secrets, passphrases

/// How read_small_file went.
enum class small_file_status {
    ok,
    cannot_open,  ///< `error` says why (missing, no permission)
    not_regular,  ///< a directory, FIFO, device or socket: never read (it could block or not end)
    too_large,    ///< `size` is over the limit; nothing was kept
    read_failed,  ///< `error` says why
};

struct small_file_result {
    small_file_status status = small_file_status::ok;
    std::error_code error;
    std::uint64_t size = 0;  ///< the size fstat reported, when known
    explicit operator bool() const { return status == small_file_status::ok; }
};

/// Reads an operator's file (config, key, certificate, secret) into `out`, which it replaces:
/// only a regular file, at most `limit` bytes. Opening never blocks (O_NONBLOCK on POSIX, so a
/// FIFO without a writer cannot hang a start), and no more than `limit` + 1 bytes are ever read,
/// so /dev/zero or a huge file cannot exhaust memory. `out` is reserved once for the whole file,
/// so a caller that wipes it (a key) leaves no reallocated copies behind.
small_file_result read_small_file(const std::filesystem::path& path,
                                  std::uint64_t limit,
                                  std::string& out);

/// One phrase for a failed read_small_file, to follow the file's name: "is not a regular file (a
/// directory, FIFO or device)", "is 3221225472 bytes; the limit for a passphrase file is 65536",
/// "cannot be opened: No such file or directory". `kind` names the file ("passphrase file").
std::string describe_small_file_failure(const small_file_result& result,
                                        std::string_view kind,
                                        std::uint64_t limit);

/// True for "no such file" (ENOENT, ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND).
bool is_not_found(const std::error_code& ec);

/// True for "the reading end of a pipe is gone" (EPIPE, ERROR_NO_DATA, ERROR_BROKEN_PIPE).
bool is_broken_pipe(const std::error_code& ec);

}  // namespace sfc::platform
