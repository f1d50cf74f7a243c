// What dir_lock's two sides share: ownership of the handle and the texts of its errors; locking
// and releasing are in posix/ and windows/dir_lock.cpp.
#include "platform/dir_lock.hpp"

#include <charconv>
#include <utility>

#include "platform/process.hpp"

namespace sfc::platform {
namespace {

/// The process id on the file's first line; none for an empty file (its holder has only just
/// taken the lock) or anything else.
std::optional<unsigned long> parse_pid(std::string_view content) {
    const auto end = content.find_first_of("\r\n");
    if (end != std::string_view::npos) content = content.substr(0, end);
    unsigned long pid = 0;
    const char* last = content.data() + content.size();
    const auto [at, ec] = std::from_chars(content.data(), last, pid);
    if (ec != std::errc() || at != last || pid == 0) return std::nullopt;
    return pid;
}

}  // namespace

dir_lock::dir_lock(dir_lock&& other) noexcept
    : handle_(std::exchange(other.handle_, invalid)), path_(std::move(other.path_)) {}

dir_lock& dir_lock::operator=(dir_lock&& other) noexcept {
    if (this != &other) {
        release();
        handle_ = std::exchange(other.handle_, invalid);
        path_ = std::move(other.path_);
    }
    return *this;
}

dir_lock::~dir_lock() {
    release();
}

void dir_lock::throw_busy(const std::filesystem::path& dir,
                          std::string_view content,
                          std::string_view stop_hint) {
    const auto holder = parse_pid(content);
    std::string message = "state_dir " + dir.string() + " is in use by another sfcollector";
    if (holder) message += " (pid " + std::to_string(*holder) + ")";
    message += "; stop it first (";
    message += stop_hint;
    message += "), or give this run its own state_dir";
    throw dir_lock_error(message, holder);
}

void dir_lock::throw_failed(const std::filesystem::path& dir,
                            std::string_view what,
                            const std::error_code& ec,
                            std::string_view fix) {
    std::string message = "cannot lock state_dir " + dir.string() + ": ";
    message += what;
    message += " " + (dir / "lock").string() + ": " + ec.message() + "; ";
    message += fix;
    throw dir_lock_error(message, std::nullopt);
}

std::string dir_lock::pid_line() {
    return std::to_string(process_id()) + "\n";
}

}  // namespace sfc::platform
