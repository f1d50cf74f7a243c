#pragma once
// EventLogFile source: lists the files created after the cursor, streams the CSVs (several at
// once, a failed file retried while the others go on) through the parser and hands events on in
// batches. The cursor (with the row offset inside a partly delivered file) is saved as the sinks
// accept the batches, in list order: it moves past a file only once every file before it is
// through, so a restart repeats only what was in flight.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "async/backoff.hpp"
#include "async/stop_signal.hpp"
#include "pipeline/publisher.hpp"
#include "salesforce/rest_client.hpp"
#include "sfc/clock.hpp"
#include "sources/elf_cursor.hpp"
#include "sources/progress.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::sources {

struct elf_source_settings {
    std::string org_id;                    ///< 18-char org id, part of every event id
    std::string org_name;                  ///< the org's name in the config, for log lines
    std::vector<std::string> event_types;  ///< empty: every type
    std::string interval = "Hourly";       ///< "Hourly" | "Daily": one of them, never both
    std::chrono::seconds initial_lookback{std::chrono::hours(24 * 7)};
    /// Files created less than this long before the poll wait for a later poll.
    std::chrono::seconds settle{0};
    std::size_t batch_events = 1000;
    std::size_t batch_bytes = 512u << 10;  ///< memory_of() the events of one batch, at most
    /// Tries per file within one poll before the poll gives up (the next poll resumes).
    unsigned download_attempts = 5;
    /// Files downloaded at once; at most the HTTP pool's size (max_concurrent_requests), which
    /// caps the requests in flight anyway. A file waiting out its retry backoff takes no slot.
    unsigned concurrent_downloads = 1;
    /// Times one poll lists again after an expired query locator (INVALID_QUERY_LOCATOR) before
    /// it gives up (the next poll starts over).
    unsigned listing_restarts = 3;
    /// When a long poll (a backfill) logs its progress.
    backfill_progress::policy progress;
};

struct poll_stats {
    std::uint64_t files = 0;
    std::uint64_t events = 0;
};

class elf_source {
public:
    elf_source(salesforce::rest_client& rest,
               elf_source_settings settings,
               state::checkpoint_store& store,
               pipeline::publisher& out,
               async::stop_signal& stop,
               const sfc::clock& clock,
               async::backoff retry);

    /// Collects every file created since the cursor. Throws on failures the caller should back
    /// off from (transport, API, auth), and async::stopping when asked to stop.
    boost::asio::awaitable<poll_stats> poll();

    /// Parses and builds the events on `cpu` (another thread's executor) while this source's
    /// executor goes on with the network and the sinks; without it they run inline. Each
    /// download hands over one received piece at a time and waits for its events, so the
    /// hand-off holds at most one piece's events per download.
    void parse_on(boost::asio::any_io_executor cpu) { cpu_ = std::move(cpu); }

    /// The key this source's cursor is stored under.
    const std::string& cursor_key() const { return key_; }

private:
    class file_download;
    struct poll_run;

    boost::asio::awaitable<std::vector<salesforce::elf_record>> list_new_files();
    /// Appends the files created after the cursor, or after the last of `files` when a listing
    /// is resumed, following nextRecordsUrl to the end.
    boost::asio::awaitable<void> list_after(std::vector<salesforce::elf_record>& files);
    /// Drops the files created within `settle` of now: a later poll lists them again.
    void leave_unsettled(std::vector<salesforce::elf_record>& files) const;
    boost::asio::awaitable<void> collect_files(const std::vector<salesforce::elf_record>& files,
                                               poll_stats& stats);
    /// Runs `task` beside the poll's others; the first failure ends the poll's downloads.
    void spawn(poll_run& run, boost::asio::awaitable<void> task);
    /// One download slot: takes files from the schedule until none is left.
    boost::asio::awaitable<void> download_slot(poll_run& run);
    /// One attempt at file `i`; a failure worth retrying is scheduled for after its backoff.
    boost::asio::awaitable<void> download(poll_run& run, std::size_t i);
    /// File `i` is done: its "complete" cursor goes through the pipeline after its events.
    boost::asio::awaitable<void> finish_file(poll_run& run, std::size_t i, std::uint64_t rows);
    boost::asio::awaitable<void> retry_later(poll_run& run,
                                             std::size_t i,
                                             std::chrono::milliseconds delay);
    /// The wait before the next try of a file that failed `failures` times.
    std::chrono::milliseconds backoff_after(unsigned failures);
    /// What the pipeline runs once file `i`'s events up to row `rows` (nullopt: all of them)
    /// are delivered: saves the cursor when that moved it.
    std::function<void()> saver(poll_run& run, std::size_t i, std::optional<std::uint64_t> rows);
    void load_cursor();
    /// Logs a progress line when one is due; `file_bytes` is how far the files being
    /// downloaded are, together.
    void report_progress(std::uint64_t file_bytes);
    /// Logs the closing line of a backfill and forgets the poll's progress.
    void end_progress();

    salesforce::rest_client& rest_;
    elf_source_settings settings_;
    state::checkpoint_store& store_;
    pipeline::publisher& out_;
    async::stop_signal& stop_;
    const sfc::clock& clock_;
    async::backoff retry_;
    std::string key_;
    /// Where publishing stands (loaded on the first poll); the saved cursor follows it as the
    /// sinks accept events.
    std::optional<elf_cursor> cursor_;
    std::string prefix_;  ///< "org <name>: " before every log line, empty without a name
    boost::asio::any_io_executor cpu_;  ///< where downloads are parsed; empty: inline
    /// The current poll's progress, once its files are listed.
    std::optional<backfill_progress> progress_;
};

}  // namespace sfc::sources
