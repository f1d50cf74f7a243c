#pragma once
// Progress of a long EventLogFile poll (a backfill after a first start or an outage): how many
// files and bytes are done, the rate and the time left, as one operator log line.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sfc::sources {

/// "0 B", "512 B", "1.2 KiB", "3.1 MiB", "8.4 GiB", "1.0 TiB" (binary units, one decimal).
std::string format_bytes(double bytes);
/// A rough span for a person: "40s", "12m", "1h05m", "2d03h".
std::string format_duration(std::chrono::seconds d);

struct backfill_snapshot {
    std::uint64_t files_done = 0;
    std::uint64_t files_total = 0;
    std::uint64_t bytes_done = 0;
    std::uint64_t bytes_total =
        0;  ///< the listed files' LogFileLength; 0 when Salesforce gave none
    std::chrono::steady_clock::duration elapsed{};
    bool ended = false;  ///< the poll is over: say how long it took instead of what is left
};

/// "EventLogFile backfill: 120 of 840 files, 1.2 GiB of 8.4 GiB, 3.1 MiB/s, about 40m left".
/// The rate is the average since the poll began; the time left follows from it (from the file
/// rate when no bytes are known). Either is left out while there is nothing to base it on. An
/// ended poll says "done in 45m", or "stopped after 45m" when files were left.
std::string format_backfill(const backfill_snapshot& s);

/// Decides when a poll reports progress: only a backfill (more than `many_files` files, or a
/// poll running longer than `long_poll`) does, at most once per `every`, and once at its end.
/// Times come from the caller's clock.
class backfill_progress {
public:
    struct policy {
        std::uint64_t many_files = 10;
        std::chrono::seconds long_poll{60};
        std::chrono::seconds every{30};
    };

    backfill_progress(std::uint64_t files_total,
                      std::uint64_t bytes_total,
                      std::chrono::steady_clock::time_point start,
                      policy p);

    /// Bytes read so far of the files being downloaded (by their latest attempts), together.
    void file_bytes(std::uint64_t bytes) { current_bytes_ = bytes; }
    /// A file is complete; `length` is its LogFileLength.
    void file_done(std::uint64_t length);

    /// A progress line when one is due at `now` (and counts it as given).
    std::optional<std::string> due(std::chrono::steady_clock::time_point now);
    /// The closing line of a poll that was a backfill.
    std::optional<std::string> end(std::chrono::steady_clock::time_point now);

private:
    bool is_backfill(std::chrono::steady_clock::time_point now) const;
    backfill_snapshot snapshot(std::chrono::steady_clock::time_point now, bool ended) const;

    policy policy_;
    std::uint64_t files_total_;
    std::uint64_t bytes_total_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_line_;  // or the start, before any line
    std::uint64_t files_done_ = 0;
    std::uint64_t bytes_done_ = 0;  // of complete files
    std::uint64_t current_bytes_ = 0;
};

}  // namespace sfc::sources
