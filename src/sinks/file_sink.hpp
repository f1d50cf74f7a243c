#pragma once
// Events appended to a local JSON-lines file: the simplest hand-off to a SIEM's file collector.

#include <cstdint>
#include <filesystem>
#include <string>

#include "platform/file.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"
#include "sinks/sink_error.hpp"

namespace sfc::sinks {

/// Appends one line per event to `path` (created mode 0640, parent directories created). A batch
/// is written in one buffer; with `fsync`, sync() fdatasyncs what was written since the last one,
/// which the pipeline awaits before it saves a cursor (so a power loss never skips an event, and
/// one flush serves every batch since the last cursor). On a write error the file is truncated
/// back to its size before the batch, so a retry adds no duplicate lines; this assumes the
/// collector is the file's only writer.
/// Writes block the calling thread: a local file is expected, not a network mount.
class file_sink final : public sfc::sink {
public:
    /// Opens the file; throws sink_error when it cannot be created or opened.
    explicit file_sink(const config::sink_config& config);

    std::string name() const override { return "file:" + path_.string(); }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;
    boost::asio::awaitable<send_result> sync() override;

    /// Opens the path afresh, after logrotate moved the file away (SIGHUP). On failure throws
    /// sink_error and keeps writing to the file already open.
    void reopen() override;

private:
    platform::file open_file() const;  // throws sink_error
    send_result write_batch(std::span<const event> events);
    /// `size_before` < 0: not a regular file, nothing to cut back.
    send_result failed(const char* what, const std::error_code& err, std::int64_t size_before);
    /// With `fsync`, fdatasyncs the lines written since the last time; what failed, if anything.
    std::error_code sync_lines();

    std::filesystem::path path_;
    bool fsync_;
    platform::file file_;
    std::string buffer_;     // reused by every batch
    bool unsynced_ = false;  ///< written since the last fdatasync
};

}  // namespace sfc::sinks
