#include "sinks/file_sink.hpp"

#include <system_error>

#include <spdlog/spdlog.h>

#include "platform/directories.hpp"
#include "sinks/line_writer.hpp"

namespace sfc::sinks {

namespace {

/// Where the last complete line ends: just after the last '\n', or 0.
std::uint64_t end_of_last_line(platform::file& f, std::uint64_t size) {
    char block[4096];
    std::uint64_t end = size;
    while (end > 0) {
        const std::uint64_t start = end > sizeof block ? end - sizeof block : 0;
        const auto want = static_cast<std::size_t>(end - start);
        std::size_t got = 0;
        if (f.read_at(start, block, want, got) || got != want) return size;
        for (std::size_t i = want; i > 0; --i) {
            if (block[i - 1] == '\n') return start + i;
        }
        end = start;
    }
    return 0;
}

/// A crash (kill -9, power loss) in the middle of a write leaves a torn last line. Its batch was
/// never acknowledged, so the cursor did not move and the events come again: cutting the torn
/// bytes keeps every line of the file a whole JSON event and loses nothing.
void drop_torn_tail(platform::file& f, const std::filesystem::path& path) {
    std::uint64_t size = 0;
    if (!f.regular_size(size) || size == 0) return;
    char last = '\n';
    std::size_t got = 0;
    if (f.read_at(size - 1, &last, 1, got) || got != 1 || last == '\n') return;
    const std::uint64_t keep = end_of_last_line(f, size);
    if (!f.truncate(keep)) {
        spdlog::warn(
            "file sink {}: removed {} bytes of a line cut short by an earlier crash; "
            "those events will be written again",
            path.string(),
            size - keep);
    }
}

}  // namespace

file_sink::file_sink(const config::sink_config& config) : path_(config.path), fsync_(config.fsync) {
    if (path_.empty()) {
        throw sink_error("file sink: no path given (set the sink's path in the config)");
    }
    file_ = open_file();
}

platform::file file_sink::open_file() const {
    std::error_code ec;
    if (path_.has_parent_path()) platform::create_directories_private(path_.parent_path(), ec);
    if (ec) {
        throw sink_error("file sink " + path_.string() + ": cannot create directory " +
                         path_.parent_path().string() + ": " + ec.message() +
                         " (fix the path or the permissions)");
    }
    platform::file f = platform::file::open(path_, platform::open_mode::append, ec, 0640);
    if (ec) {
        throw sink_error("file sink " + path_.string() + ": cannot open: " + ec.message() +
                         " (fix the path or the permissions)");
    }
    drop_torn_tail(f, path_);
    return f;
}

void file_sink::reopen() {
    platform::file next = open_file();
    // The old file's lines must be on disk before cursors past them are saved: flush them now,
    // since the next sync() only sees the new file.
    if (auto err = sync_lines()) {
        throw sink_error(name() + ": fdatasync before reopening failed: " + err.message());
    }
    file_ = std::move(next);
    unsynced_ = false;
}

boost::asio::awaitable<send_result> file_sink::send(std::span<const event> events) {
    co_return write_batch(events);
}

send_result file_sink::write_batch(std::span<const event> events) {
    if (events.empty()) return {};
    // Only a regular file can be cut back; a FIFO or device gets no truncation.
    std::uint64_t size = 0;
    const std::int64_t size_before =
        file_.regular_size(size) ? static_cast<std::int64_t>(size) : -1;

    render_lines(buffer_, events);
    if (auto err = file_.write_all(buffer_)) return failed("write failed", err, size_before);
    unsynced_ = true;
    return {};
}

boost::asio::awaitable<send_result> file_sink::sync() {
    if (auto err = sync_lines()) {
        // The lines stay written: only the cursors wait, and a later sync may succeed.
        co_return send_result::failed(send_status::retry,
                                      name() + ": fdatasync failed: " + err.message());
    }
    co_return send_result::accepted();
}

std::error_code file_sink::sync_lines() {
    if (!fsync_ || !unsynced_) return {};
    if (auto err = file_.sync()) return err;
    unsynced_ = false;
    return {};
}

send_result file_sink::failed(const char* what,
                              const std::error_code& err,
                              std::int64_t size_before) {
    std::string detail = name() + ": " + what + ": " + err.message();
    if (size_before >= 0) {
        if (auto cut = file_.truncate(static_cast<std::uint64_t>(size_before))) {
            detail += "; truncating back to " + std::to_string(size_before) +
                      " bytes also failed (" + cut.message() + "), so the retry may repeat lines";
        }
    }
    return send_result::failed(send_status::retry, std::move(detail));
}

}  // namespace sfc::sinks
