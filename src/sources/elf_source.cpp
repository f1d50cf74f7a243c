#include "sources/elf_source.hpp"

// GCC 12 at -O2 takes Asio's coroutine frame allocator in download() for a mismatched
// new/delete pair (a false positive: both come from awaitable_frame_base).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <optional>
#include <utility>

#include "async/notifier.hpp"
#include "http/client.hpp"
#include "parse/csv_parser.hpp"
#include "parse/elf_event.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/soql.hpp"
#include "sources/download_schedule.hpp"
#include "sources/ordered_commit.hpp"
#include "sources/progress.hpp"

namespace sfc::sources {

namespace net = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return s;
}

/// A file whose CSV cannot be parsed past some record: downloading it again cannot help.
class malformed_csv : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Another file's download failed for good: the poll ends, this download with it.
class download_abandoned : public std::runtime_error {
public:
    download_abandoned() : std::runtime_error("abandoned") {}
};

std::uint64_t length_of(const salesforce::elf_record& rec) {
    return rec.log_file_length > 0 ? static_cast<std::uint64_t>(rec.log_file_length) : 0;
}

/// The longest record one download may hold: never longer than the whole file, so a runaway
/// quoted cell fails there, and a share of the general cap, so that downloads side by side that
/// each meet one (a hostile or broken server) hold no more than the cap altogether.
std::size_t record_limit(const salesforce::elf_record& rec, unsigned concurrent_downloads) {
    constexpr std::size_t cap = parse::csv_parser::default_max_record_bytes;
    constexpr std::size_t floor = 1u << 20;  // still far beyond any real EventLogFile row
    const std::size_t share = std::max(cap / std::max(concurrent_downloads, 1u), floor);
    const std::uint64_t length = length_of(rec);
    return length > 0 && length < share ? static_cast<std::size_t>(length) : share;
}

bool worth_retrying(const salesforce::api_error& e) {
    using salesforce::error_kind;
    return e.kind() == error_kind::retryable || e.kind() == error_kind::auth_expired ||
           e.kind() == error_kind::limit_exceeded;
}

}  // namespace

/// One poll's downloads: the files, which one goes next, how far each got, and the two cursors
/// (where publishing stands, kept in memory; where delivery stands, saved).
struct elf_source::poll_run {
    struct file_state {
        std::uint64_t already = 0;    ///< rows delivered before this poll
        std::uint64_t delivered = 0;  ///< rows handed on so far (a retry skips them)
        unsigned failures = 0;
    };

    poll_run(net::any_io_executor ex,
             const std::vector<salesforce::elf_record>& list,
             const elf_cursor& start,
             std::vector<ordered_commit::file> order,
             poll_stats& totals)
        : executor(ex),
          files(list),
          state(order.size()),
          schedule(order.size()),
          published(start, order),
          delivered(std::make_shared<ordered_commit>(start, std::move(order))),
          stats(totals),
          wake(ex, net::steady_timer::time_point::max()),
          abort_timer(ex, net::steady_timer::time_point::max()),
          finished(ex) {
        for (std::size_t i = 0; i < state.size(); ++i) {
            state[i].already = state[i].delivered = published.rows_of(i);
        }
    }

    /// Ends the poll's waits and downloads (a download notices at its next chunk).
    void abort() {
        aborted = true;
        abort_timer.expires_at(net::steady_timer::time_point::min());
        wake.cancel();
    }

    net::any_io_executor executor;
    const std::vector<salesforce::elf_record>& files;
    std::vector<file_state> state;
    download_schedule schedule;
    ordered_commit published;
    /// Shared with the save callbacks, which the pipeline may run after the poll.
    std::shared_ptr<ordered_commit> delivered;
    poll_stats& stats;
    std::uint64_t in_flight_bytes = 0;  ///< of the attempts running now
    std::size_t running = 0;            ///< spawned tasks not finished
    std::exception_ptr failure;
    bool aborted = false;
    net::steady_timer wake;         ///< never expires; cancelled when the schedule changes
    net::steady_timer abort_timer;  ///< expires at once after abort()
    async::notifier finished;
};

/// One attempt at streaming one file: parses chunks as they arrive and publishes a batch whenever
/// it fills, skipping the rows an earlier attempt (or run) already delivered.
class elf_source::file_download {
public:
    file_download(elf_source& src, poll_run& run, std::size_t index)
        : src_(src),
          run_(run),
          index_(index),
          rec_(run.files[index]),
          delivered_(run.state[index].delivered),
          parser_(record_limit(rec_, src.settings_.concurrent_downloads)),
          parsed_(run.executor) {}
    ~file_download() { run_.in_flight_bytes -= bytes_; }
    file_download(const file_download&) = delete;
    file_download& operator=(const file_download&) = delete;

    /// Throws malformed_csv after delivering every row before the damage.
    net::awaitable<void> run() {
        std::string damage;
        std::exception_ptr failure;
        try {
            // Named, not temporaries inside the co_await: GCC 12 mishandles those when the
            // awaited call throws.
            http::chunk_handler on_chunk = [this](std::string_view chunk) -> net::awaitable<void> {
                // Checked for every chunk: one record may span gigabytes of them.
                if (src_.stop_.requested()) throw async::stopping();
                if (run_.aborted) throw download_abandoned();
                bytes_ += chunk.size();
                run_.in_flight_bytes += chunk.size();
                src_.report_progress(run_.in_flight_bytes);
                co_await parse(chunk);
            };
            std::string path = rec_.log_file;
            const std::uint64_t length = length_of(rec_);
            co_await src_.rest_.download_log_file(std::move(path), length, std::move(on_chunk));
            co_await finish_piece();
            parser_.finish(rows_);
        } catch (const parse::csv_error& e) {
            damage = e.what();
        } catch (...) {
            failure = std::current_exception();
        }
        // The worker must be done with this download's members before they go.
        co_await settle();
        if (failure) std::rethrow_exception(failure);
        build_events();  // the rows parsed before the end, or before the damage
        co_await publish_ready();
        if (!batch_.empty()) co_await publish(std::move(batch_), row_);
        if (!damage.empty()) throw malformed_csv(damage);
    }

    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t rows_seen() const { return row_; }

private:
    /// A full batch and the row it ends with, waiting to be published.
    struct built_batch {
        event_batch events;
        std::uint64_t through = 0;
    };

    /// Parses the piece and builds its events. With a CPU executor, the piece is copied and
    /// parsed there while the next one downloads: at most one piece per download is over
    /// there, and the next waits for it (the bound of the hand-off).
    net::awaitable<void> parse(std::string_view chunk) {
        if (!src_.cpu_) {
            parse_piece(chunk);
            co_await publish_ready();
            co_return;
        }
        co_await finish_piece();
        piece_.assign(chunk);
        parsing_ = true;
        auto work = parse_elsewhere();
        auto done = net::bind_executor(run_.executor, [this](std::exception_ptr e) {
            parsing_ = false;
            parse_failure_ = e;
            parsed_.notify_all();
        });
        net::co_spawn(src_.cpu_, std::move(work), std::move(done));
    }

    /// Waits for the piece over on the CPU executor, then publishes its batches.
    net::awaitable<void> finish_piece() {
        co_await settle();
        if (auto e = std::exchange(parse_failure_, nullptr)) std::rethrow_exception(e);
        co_await publish_ready();
    }

    net::awaitable<void> settle() {
        while (parsing_) co_await parsed_.wait();
    }

    net::awaitable<void> parse_elsewhere() {
        parse_piece(piece_);
        co_return;
    }

    void parse_piece(std::string_view chunk) {
        parser_.feed(chunk, rows_);
        build_events();
    }

    /// Builds the events of the parsed rows; each full batch waits in built_ to be published.
    void build_events() {
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            if (!builder_) {
                builder_.emplace(file_info(), header(i));
                continue;
            }
            if (++row_ <= delivered_) continue;
            batch_.push(builder_->build(rows_, i, row_));
            if (batch_.size() >= src_.settings_.batch_events ||
                batch_.memory >= src_.settings_.batch_bytes) {
                built_.push_back({std::move(batch_), row_});
                batch_ = event_batch();
            }
        }
        rows_.clear();
    }

    net::awaitable<void> publish_ready() {
        while (!built_.empty()) {
            built_batch next = std::move(built_.front());
            built_.pop_front();
            co_await publish(std::move(next.events), next.through);
            // Stop between batches, not at the end of a file that may be gigabytes long:
            // the cursor already holds the rows delivered so far.
            if (src_.stop_.requested()) throw async::stopping();
            if (run_.aborted) throw download_abandoned();
        }
    }

    /// Hands the events up to row `through` on; the cursor that covers them is saved once the
    /// sinks have them all (the pipeline calls back in order).
    net::awaitable<void> publish(event_batch events, std::uint64_t through) {
        // Named, not a temporary inside the co_await: GCC 12 mishandles such temporaries.
        auto save = src_.saver(run_, index_, through);
        co_await src_.out_.publish(std::move(events), std::move(save));
        delivered_ = through;
        run_.published.rows(index_, through);
        *src_.cursor_ = run_.published.cursor();
    }

    parse::log_file_info file_info() const {
        return {src_.settings_.org_id,
                rec_.id,
                rec_.event_type,
                rec_.interval,
                rec_.sequence,
                rec_.log_date,
                rec_.created_date};
    }

    std::vector<std::string> header(std::size_t record) const {
        std::vector<std::string> names;
        for (std::size_t c = 0; c < rows_.field_count(record); ++c) {
            names.emplace_back(rows_.field(record, c));
        }
        return names;
    }

    elf_source& src_;
    poll_run& run_;
    std::size_t index_;
    const salesforce::elf_record& rec_;
    std::uint64_t delivered_;
    std::uint64_t row_ = 0;
    std::uint64_t bytes_ = 0;  // of the CSV, inflated: what LogFileLength counts
    parse::csv_parser parser_;
    parse::csv_rows rows_;
    std::optional<parse::elf_event_builder> builder_;
    event_batch batch_;              ///< filling
    std::deque<built_batch> built_;  ///< full, from the last piece
    /// Touched by the CPU executor's thread only while parsing_ (set and read on this
    /// download's executor): a copy of the piece being parsed, and the rows and batches above.
    std::string piece_;
    bool parsing_ = false;
    std::exception_ptr parse_failure_;
    async::notifier parsed_;
};

elf_source::elf_source(salesforce::rest_client& rest,
                       elf_source_settings settings,
                       state::checkpoint_store& store,
                       pipeline::publisher& out,
                       async::stop_signal& stop,
                       const sfc::clock& clock,
                       async::backoff retry)
    : rest_(rest),
      settings_(std::move(settings)),
      store_(store),
      out_(out),
      stop_(stop),
      clock_(clock),
      retry_(std::move(retry)),
      key_("eventlogfile." + settings_.org_id + "." + lower(settings_.interval)),
      prefix_(settings_.org_name.empty() ? "" : "org " + settings_.org_name + ": ") {}

std::function<void()> elf_source::saver(poll_run& run,
                                        std::size_t i,
                                        std::optional<std::uint64_t> rows) {
    return [this, commit = run.delivered, i, rows] {
        const bool moved = rows ? commit->rows(i, *rows) : commit->done(i);
        if (moved) store_.save(key_, commit->cursor().to_json());
    };
}

net::awaitable<poll_stats> elf_source::poll() {
    if (!cursor_) load_cursor();
    poll_stats stats;
    const auto files = co_await list_new_files();
    if (files.empty()) co_return stats;
    std::uint64_t bytes = 0;
    for (const auto& rec : files) bytes += length_of(rec);
    spdlog::info("{}EventLogFile: {} new file(s) to collect, {}",
                 prefix_,
                 files.size(),
                 format_bytes(double(bytes)));
    progress_.emplace(files.size(), bytes, clock_.steady_now(), settings_.progress);
    try {
        co_await collect_files(files, stats);
    } catch (...) {
        end_progress();  // "stopped after ...": how far a failed or stopped backfill got
        throw;
    }
    end_progress();
    co_return stats;
}

void elf_source::load_cursor() {
    cursor_.emplace();
    if (auto text = store_.load(key_)) {
        auto parsed = elf_cursor::from_json(*text);
        if (!parsed) {
            throw std::runtime_error("cursor " + key_ + " in the state directory is not " +
                                     "readable; move it away to start over from the look-back");
        }
        cursor_ = std::move(*parsed);
    }
}

net::awaitable<void> elf_source::collect_files(const std::vector<salesforce::elf_record>& files,
                                               poll_stats& stats) {
    // The cursor keeps CreatedDate as a SOQL literal: a file without a readable one cannot be
    // passed, so the files before it are collected and the poll fails there.
    std::vector<ordered_commit::file> order;
    std::string unreadable;
    for (const auto& rec : files) {
        auto created = salesforce::soql_datetime_from_sf(rec.created_date);
        if (!created) {
            unreadable =
                "EventLogFile " + rec.id + ": unreadable CreatedDate '" + rec.created_date + "'";
            break;
        }
        order.push_back({std::move(*created), rec.id});
    }
    if (!order.empty()) {
        const std::size_t slots =
            std::min<std::size_t>(std::max(settings_.concurrent_downloads, 1u), order.size());
        const auto executor = co_await net::this_coro::executor;
        poll_run run(executor, files, *cursor_, std::move(order), stats);
        for (std::size_t k = 0; k < slots; ++k) spawn(run, download_slot(run));
        while (run.running > 0) co_await run.finished.wait();
        if (run.failure) std::rethrow_exception(run.failure);
        if (!run.schedule.over()) throw async::stopping();
    }
    if (!unreadable.empty()) throw std::runtime_error(unreadable);
}

void elf_source::spawn(poll_run& run, net::awaitable<void> task) {
    ++run.running;
    net::co_spawn(run.executor, std::move(task), [&run](std::exception_ptr e) {
        if (e && !run.failure) {
            try {
                std::rethrow_exception(e);
            } catch (const download_abandoned&) {
                // Another task's failure ended this one: that failure is the poll's.
            } catch (...) {
                run.failure = e;
                run.abort();
            }
        }
        --run.running;
        run.wake.cancel();
        run.finished.notify_all();
    });
}

net::awaitable<void> elf_source::download_slot(poll_run& run) {
    for (;;) {
        // A stop between files ends the poll here; the files left come in the next run.
        if (run.aborted || stop_.requested()) co_return;
        if (const auto i = run.schedule.take()) {
            co_await download(run, *i);
            continue;
        }
        if (run.schedule.over()) co_return;
        // A retry is waiting out its backoff, or another slot's download may still fail.
        auto stopped = stop_.sleep_for(std::chrono::hours(1));
        auto woken = run.wake.async_wait(net::as_tuple(net::use_awaitable));
        co_await (std::move(stopped) || std::move(woken));
    }
}

net::awaitable<void> elf_source::download(poll_run& run, std::size_t i) {
    const salesforce::elf_record& rec = run.files[i];
    if (run.published.done_of(i)) {
        // Delivered whole by an earlier run while a file before it was not: nothing to fetch.
        co_await finish_file(run, i, run.state[i].already);
        co_return;
    }
    std::string failure;
    std::optional<std::uint64_t> rows;  // set when the file is done with
    {
        file_download attempt(*this, run, i);
        try {
            co_await attempt.run();
            rows = attempt.rows_seen();
        } catch (const http::transport_error& e) {
            failure = e.what();
        } catch (const salesforce::api_error& e) {
            if (e.status() == 404) {
                // Deleted, or past retention, since it was listed: waiting will not bring it
                // back, and it must not hold up the files after it.
                spdlog::warn("{}EventLogFile {} ({} {}) no longer exists ({}); skipping it",
                             prefix_,
                             rec.id,
                             rec.event_type,
                             rec.log_date,
                             e.what());
                rows = attempt.rows_seen();
            } else if (!worth_retrying(e)) {
                throw;
            } else {
                failure = e.what();
            }
        } catch (const malformed_csv& e) {
            spdlog::error(
                "{}EventLogFile {} ({} {}): {}; the {} rows before it were delivered, the "
                "rest of this file is skipped (download it by hand from {})",
                prefix_,
                rec.id,
                rec.event_type,
                rec.log_date,
                e.what(),
                attempt.rows_seen(),
                rec.log_file);
            rows = attempt.rows_seen();
        }
        run.state[i].delivered = attempt.delivered();
    }
    if (rows) {
        co_await finish_file(run, i, *rows);
        co_return;
    }
    auto& st = run.state[i];
    if (++st.failures >= settings_.download_attempts) {
        throw std::runtime_error("EventLogFile " + rec.id + ": download failed " +
                                 std::to_string(st.failures) + " times, last: " + failure);
    }
    spdlog::warn("{}EventLogFile {}: download broke after {} delivered rows ({}); retrying",
                 prefix_,
                 rec.id,
                 st.delivered,
                 failure);
    run.schedule.failed(i);
    spawn(run, retry_later(run, i, backoff_after(st.failures)));
}

net::awaitable<void> elf_source::retry_later(poll_run& run,
                                             std::size_t i,
                                             std::chrono::milliseconds delay) {
    auto slept = stop_.sleep_for(delay);
    auto aborted = run.abort_timer.async_wait(net::as_tuple(net::use_awaitable));
    co_await (std::move(slept) || std::move(aborted));
    run.schedule.due(i);
    run.wake.cancel();
}

std::chrono::milliseconds elf_source::backoff_after(unsigned failures) {
    retry_.reset();
    std::chrono::milliseconds wait{0};
    for (unsigned k = 0; k < failures; ++k) wait = retry_.next();
    return wait;
}

net::awaitable<void> elf_source::finish_file(poll_run& run, std::size_t i, std::uint64_t rows) {
    const salesforce::elf_record& rec = run.files[i];
    // An empty batch carries the "file complete" cursor through the pipeline in order.
    event_batch none;
    auto save = saver(run, i, std::nullopt);
    co_await out_.publish(std::move(none), std::move(save));
    run.published.done(i);
    *cursor_ = run.published.cursor();
    const std::uint64_t already = run.state[i].already;
    const std::uint64_t events = rows - std::min(rows, already);
    run.stats.events += events;
    ++run.stats.files;
    progress_->file_done(length_of(rec));
    report_progress(run.in_flight_bytes);
    run.schedule.finished(i);
    run.wake.cancel();
    spdlog::debug("{}EventLogFile {} ({} {} {}): {} events",
                  prefix_,
                  rec.id,
                  rec.event_type,
                  rec.interval,
                  rec.log_date,
                  events);
}

void elf_source::report_progress(std::uint64_t file_bytes) {
    progress_->file_bytes(file_bytes);
    if (auto line = progress_->due(clock_.steady_now())) spdlog::info("{}{}", prefix_, *line);
}

void elf_source::end_progress() {
    if (auto line = progress_->end(clock_.steady_now())) spdlog::info("{}{}", prefix_, *line);
    progress_.reset();
}

net::awaitable<std::vector<salesforce::elf_record>> elf_source::list_new_files() {
    // The whole list comes first, then the downloads: a backfill can take hours, longer than a
    // query locator may live.
    std::vector<salesforce::elf_record> files;
    for (unsigned restarts = 0;; ++restarts) {
        try {
            co_await list_after(files);
            leave_unsettled(files);
            co_return files;
        } catch (const salesforce::api_error& e) {
            if (e.kind() != salesforce::error_kind::invalid_locator ||
                restarts >= settings_.listing_restarts) {
                throw;
            }
            spdlog::warn(
                "{}EventLogFile listing: {}; listing again after the {} file(s) listed "
                "so far (restart {} of {})",
                prefix_,
                e.what(),
                files.size(),
                restarts + 1,
                settings_.listing_restarts);
        }
    }
}

void elf_source::leave_unsettled(std::vector<salesforce::elf_record>& files) const {
    if (settings_.settle.count() == 0) return;
    const auto newest = clock_.now() - settings_.settle;
    // The list is in CreatedDate order, so the files too new to take are its tail.
    const auto first_new = std::find_if(files.begin(), files.end(), [&](const auto& rec) {
        const auto created = salesforce::parse_sf_datetime(rec.created_date);
        return created && *created > newest;
    });
    files.erase(first_new, files.end());
}

net::awaitable<void> elf_source::list_after(std::vector<salesforce::elf_record>& files) {
    salesforce::elf_query_params q;
    q.event_types = settings_.event_types;
    q.interval = settings_.interval;
    if (!files.empty()) {
        // The order is (CreatedDate, Id): the rest of the list comes after the last one listed.
        q.after_created_date = files.back().created_date;
        q.after_id = files.back().id;
    } else if (cursor_->empty()) {
        q.since = salesforce::soql_datetime(clock_.now() - settings_.initial_lookback);
    } else {
        q.after_created_date = cursor_->created_date;
        q.after_id = cursor_->id;
    }
    std::string soql = salesforce::build_elf_query(q);
    auto page = co_await rest_.query(std::move(soql));
    for (;;) {
        for (const auto& json : page.records_json) {
            files.push_back(salesforce::parse_elf_record(json));
        }
        if (page.done || page.next_records_url.empty()) break;
        std::string next = page.next_records_url;
        page = co_await rest_.query_more(std::move(next));
    }
}

}  // namespace sfc::sources
