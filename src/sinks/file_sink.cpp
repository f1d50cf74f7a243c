#include "sinks/file_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <spdlog/spdlog.h>

#include "sinks/line_writer.hpp"

namespace sfc::sinks {

namespace {

/// Where the last complete line ends: just after the last '\n', or 0.
off_t end_of_last_line(int fd, off_t size) {
    char block[4096];
    off_t end = size;
    while (end > 0) {
        const off_t start =
            end > static_cast<off_t>(sizeof block) ? end - static_cast<off_t>(sizeof block) : 0;
        const auto want = static_cast<std::size_t>(end - start);
        if (::pread(fd, block, want, start) != static_cast<ssize_t>(want)) return size;
        for (std::size_t i = want; i > 0; --i) {
            if (block[i - 1] == '\n') return start + static_cast<off_t>(i);
        }
        end = start;
    }
    return 0;
}

/// A crash (kill -9, power loss) in the middle of a write leaves a torn last line. Its batch was
/// never acknowledged, so the cursor did not move and the events come again: cutting the torn
/// bytes keeps every line of the file a whole JSON event and loses nothing.
void drop_torn_tail(int fd, const std::filesystem::path& path) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return;
    char last = '\n';
    if (::pread(fd, &last, 1, st.st_size - 1) != 1 || last == '\n') return;
    const off_t keep = end_of_last_line(fd, st.st_size);
    if (::ftruncate(fd, keep) == 0) {
        spdlog::warn(
            "file sink {}: removed {} bytes of a line cut short by an earlier crash; "
            "those events will be written again",
            path.string(),
            st.st_size - keep);
    }
}

}  // namespace

file_sink::file_sink(const config::sink_config& config) : path_(config.path), fsync_(config.fsync) {
    if (path_.empty()) {
        throw sink_error("file sink: no path given (set the sink's path in the config)");
    }
    fd_ = open_file();
}

file_sink::~file_sink() {
    if (fd_ >= 0) ::close(fd_);
}

int file_sink::open_file() const {
    std::error_code ec;
    if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
    if (ec) {
        throw sink_error("file sink " + path_.string() + ": cannot create directory " +
                         path_.parent_path().string() + ": " + ec.message() +
                         " (fix the path or the permissions)");
    }
    const int fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        throw sink_error("file sink " + path_.string() + ": cannot open: " + errno_text(errno) +
                         " (fix the path or the permissions)");
    }
    drop_torn_tail(fd, path_);
    return fd;
}

void file_sink::reopen() {
    const int fd = open_file();
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
}

boost::asio::awaitable<send_result> file_sink::send(std::span<const event> events) {
    co_return write_batch(events);
}

send_result file_sink::write_batch(std::span<const event> events) {
    if (events.empty()) return {};
    struct stat st {};
    if (::fstat(fd_, &st) != 0) return failed("cannot stat", errno, -1);
    // Only a regular file can be cut back; a FIFO or device gets no truncation.
    const off_t size_before = S_ISREG(st.st_mode) ? st.st_size : -1;

    render_lines(buffer_, events);
    if (const int err = write_all(fd_, buffer_); err != 0) {
        return failed("write failed", err, size_before);
    }
    if (fsync_ && ::fdatasync(fd_) != 0 && errno != EINVAL) {  // EINVAL: a device, nothing to sync
        return failed("fdatasync failed", errno, size_before);
    }
    return {};
}

send_result file_sink::failed(const char* what, int err, off_t size_before) {
    std::string detail = name() + ": " + what + ": " + errno_text(err);
    if (size_before >= 0 && ::ftruncate(fd_, size_before) != 0) {
        detail += "; truncating back to " + std::to_string(size_before) + " bytes also failed (" +
                  errno_text(errno) + "), so the retry may repeat lines";
    }
    return send_result::failed(send_status::retry, std::move(detail));
}

}  // namespace sfc::sinks
