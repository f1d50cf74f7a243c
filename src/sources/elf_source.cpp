#include "sources/elf_source.hpp"

// GCC 12 at -O2 takes Asio's coroutine frame allocator in collect_file() for a mismatched
// new/delete pair (a false positive: both come from awaitable_frame_base).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "http/client.hpp"
#include "parse/csv_parser.hpp"
#include "parse/elf_event.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/soql.hpp"
#include "sources/progress.hpp"

namespace sfc::sources {

namespace net = boost::asio;

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

std::uint64_t length_of(const salesforce::elf_record& rec) {
    return rec.log_file_length > 0 ? static_cast<std::uint64_t>(rec.log_file_length) : 0;
}

bool worth_retrying(const salesforce::api_error& e) {
    using salesforce::error_kind;
    return e.kind() == error_kind::retryable || e.kind() == error_kind::auth_expired ||
           e.kind() == error_kind::limit_exceeded;
}

}  // namespace

/// One attempt at streaming one file: parses chunks as they arrive and publishes a batch whenever
/// it fills, skipping the rows an earlier attempt (or run) already delivered.
class elf_source::file_download {
public:
    file_download(elf_source& src, const salesforce::elf_record& rec, std::uint64_t delivered)
        : src_(src), rec_(rec), delivered_(delivered) {}

    /// Throws malformed_csv after delivering every row before the damage.
    net::awaitable<void> run() {
        std::string damage;
        try {
            // Named, not temporaries inside the co_await: GCC 12 mishandles those when the
            // awaited call throws.
            http::chunk_handler on_chunk = [this](std::string_view chunk) -> net::awaitable<void> {
                bytes_ += chunk.size();
                src_.report_progress(bytes_);
                parser_.feed(chunk, rows_);
                co_await drain();
            };
            std::string path = rec_.log_file;
            const std::uint64_t length = length_of(rec_);
            co_await src_.rest_.download_log_file(std::move(path), length, std::move(on_chunk));
            parser_.finish(rows_);
        } catch (const parse::csv_error& e) {
            damage = e.what();
        }
        co_await drain();
        co_await flush();
        if (!damage.empty()) throw malformed_csv(damage);
    }

    std::uint64_t delivered() const { return delivered_; }
    std::uint64_t rows_seen() const { return row_; }

private:
    net::awaitable<void> drain() {
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            if (!builder_) {
                builder_.emplace(file_info(), header(i));
                continue;
            }
            if (++row_ <= delivered_) continue;
            batch_.push(builder_->build(rows_, i, row_));
            if (batch_.size() >= src_.settings_.batch_events ||
                batch_.bytes >= src_.settings_.batch_bytes) {
                co_await flush();
                // Stop between batches, not at the end of a file that may be gigabytes long:
                // the cursor already holds the rows delivered so far.
                if (src_.stop_.requested()) throw pipeline::stopping();
            }
        }
        rows_.clear();
    }

    /// Hands the pending events on; the cursor that covers them is saved once the sinks have
    /// them all (the pipeline calls back in order).
    net::awaitable<void> flush() {
        if (batch_.empty()) co_return;
        elf_cursor covered = *src_.cursor_;
        covered.partial_id = rec_.id;
        covered.partial_rows = row_;
        // Named, not a temporary inside the co_await: GCC 12 mishandles such temporaries.
        auto save = src_.saver(covered);
        co_await src_.out_.publish(std::move(batch_), std::move(save));
        batch_.clear();  // moved from: make it a valid, empty batch again
        delivered_ = row_;
        *src_.cursor_ = std::move(covered);
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
    const salesforce::elf_record& rec_;
    std::uint64_t delivered_;
    std::uint64_t row_ = 0;
    std::uint64_t bytes_ = 0;  // of the CSV, inflated: what LogFileLength counts
    parse::csv_parser parser_;
    parse::csv_rows rows_;
    std::optional<parse::elf_event_builder> builder_;
    event_batch batch_;
};

elf_source::elf_source(salesforce::rest_client& rest,
                       elf_source_settings settings,
                       state::checkpoint_store& store,
                       pipeline::publisher& out,
                       pipeline::stop_signal& stop,
                       const sfc::clock& clock,
                       pipeline::backoff retry)
    : rest_(rest),
      settings_(std::move(settings)),
      store_(store),
      out_(out),
      stop_(stop),
      clock_(clock),
      retry_(std::move(retry)),
      key_("eventlogfile." + settings_.org_id + "." + lower(settings_.interval)),
      prefix_(settings_.org_name.empty() ? "" : "org " + settings_.org_name + ": ") {}

std::function<void()> elf_source::saver(const elf_cursor& c) {
    return [this, json = c.to_json()] { store_.save(key_, json); };
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
    for (const auto& rec : files) {
        if (stop_.requested()) break;
        stats.events += co_await collect_file(rec);
        ++stats.files;
        progress_->file_done(length_of(rec));
        report_progress(0);
    }
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

net::awaitable<std::uint64_t> elf_source::collect_file(const salesforce::elf_record& rec) {
    const auto created = salesforce::soql_datetime_from_sf(rec.created_date);
    if (!created) {
        throw std::runtime_error("EventLogFile " + rec.id + ": unreadable CreatedDate '" +
                                 rec.created_date + "'");
    }
    const std::uint64_t already = cursor_->partial_id == rec.id ? cursor_->partial_rows : 0;
    std::uint64_t delivered = already;
    std::uint64_t rows = 0;
    retry_.reset();
    for (unsigned attempt = 1;; ++attempt) {
        file_download download(*this, rec, delivered);
        std::string failure;
        try {
            co_await download.run();
            rows = download.rows_seen();
            break;
        } catch (const http::transport_error& e) {
            failure = e.what();
        } catch (const salesforce::api_error& e) {
            if (e.status() == 404) {
                // Deleted, or past retention, since it was listed: waiting will not bring it
                // back, and it must not hold up the files after it.
                spdlog::warn("EventLogFile {} ({} {}) no longer exists ({}); skipping it",
                             rec.id,
                             rec.event_type,
                             rec.log_date,
                             e.what());
                rows = download.rows_seen();
                break;
            }
            if (!worth_retrying(e)) throw;
            failure = e.what();
        } catch (const malformed_csv& e) {
            spdlog::error(
                "{}EventLogFile {} ({} {}): {}; the {} rows before it were delivered, the "
                "rest of this file is skipped (download it by hand from {})",
                prefix_,
                rec.id,
                rec.event_type,
                rec.log_date,
                e.what(),
                download.rows_seen(),
                rec.log_file);
            rows = download.rows_seen();
            break;
        }
        delivered = download.delivered();
        if (attempt >= settings_.download_attempts) {
            throw std::runtime_error("EventLogFile " + rec.id + ": download failed " +
                                     std::to_string(attempt) + " times, last: " + failure);
        }
        spdlog::warn("{}EventLogFile {}: download broke after {} delivered rows ({}); retrying",
                     prefix_,
                     rec.id,
                     delivered,
                     failure);
        if (!co_await stop_.sleep_for(retry_.next())) throw pipeline::stopping();
    }
    // An empty batch carries the "file complete" cursor through the pipeline in order.
    *cursor_ = elf_cursor{*created, rec.id, "", 0};
    event_batch none;
    auto save = saver(*cursor_);
    co_await out_.publish(std::move(none), std::move(save));
    spdlog::debug("{}EventLogFile {} ({} {} {}): {} events",
                  prefix_,
                  rec.id,
                  rec.event_type,
                  rec.interval,
                  rec.log_date,
                  rows - std::min(rows, already));
    co_return rows - std::min(rows, already);
}

}  // namespace sfc::sources
