#include "state/checkpoint_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace sfc::state {
namespace {

constexpr std::size_t max_key_length = 200;

std::string errno_text(int err) {
    return std::generic_category().message(err);
}

// Closes the descriptor on scope exit.
class fd_guard {
public:
    explicit fd_guard(int fd) : fd_(fd) {}
    fd_guard(const fd_guard&) = delete;
    fd_guard& operator=(const fd_guard&) = delete;
    ~fd_guard() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    /// Closes now, reporting the error close() may carry for a written file.
    int close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

private:
    int fd_;
};

void write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::system_error(errno, std::generic_category());
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int err) {
    throw state_error("checkpoint " + path.string() + ": " + what + ": " + errno_text(err) +
                      " (check the disk and the permissions of the state directory)");
}

}  // namespace

checkpoint_store::checkpoint_store(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    const bool created = std::filesystem::create_directories(dir_, ec);
    if (!ec && created) {
        std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
    }
    if (!ec && !std::filesystem::is_directory(dir_, ec) && !ec) {
        ec = std::make_error_code(std::errc::not_a_directory);
    }
    // Fail at start-up rather than at the first checkpoint, hours later.
    if (!ec && ::access(dir_.c_str(), W_OK | X_OK) != 0) {
        ec = std::error_code(errno, std::generic_category());
    }
    if (ec) {
        throw state_error("state directory " + dir_.string() + " cannot be used: " + ec.message() +
                          " (create it writable for the collector's user, or set state_dir in "
                          "the config)");
    }
}

bool checkpoint_store::valid_key(std::string_view key) {
    return !key.empty() && key.size() <= max_key_length &&
           std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
           });
}

std::filesystem::path checkpoint_store::file_for(std::string_view key) const {
    if (!valid_key(key)) {
        throw state_error("checkpoint key \"" + std::string(key.substr(0, max_key_length)) +
                          "\" is invalid: use 1-200 characters of A-Z a-z 0-9 . _ -");
    }
    return dir_ / (std::string(key) + ".json");
}

std::optional<std::string> checkpoint_store::load(std::string_view key) const {
    const std::filesystem::path path = file_for(key);
    fd_guard fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        fail(path, "cannot open", errno);
    }
    std::string value;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path, "cannot read", errno);
        if (n == 0) break;
        value.append(buf, static_cast<std::size_t>(n));
    }
    return value;
}

void checkpoint_store::save(std::string_view key, std::string_view value) {
    const std::filesystem::path path = file_for(key);
    std::filesystem::path tmp = path;
    tmp += ".tmp";

    // O_TRUNC: a leftover .tmp from an earlier crash is simply overwritten.
    fd_guard fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) fail(tmp, "cannot create", errno);
    try {
        write_all(fd.get(), value);
    } catch (const std::system_error& e) {
        ::unlink(tmp.c_str());
        fail(tmp, "cannot write", e.code().value());
    }
    if (::fsync(fd.get()) != 0 || fd.close() != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(tmp, "cannot flush to disk", err);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        fail(path, "cannot replace", err);
    }
    // The rename is durable only once the directory entry is on disk.
    fd_guard dir(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0) fail(dir_, "cannot flush directory", errno);
}

}  // namespace sfc::state
