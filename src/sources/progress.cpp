#include "sources/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace sfc::sources {

using namespace std::chrono;

std::string format_bytes(double bytes) {
    static constexpr std::array<const char*, 6> units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = std::max(bytes, 0.0);
    std::size_t unit = 0;
    // 1023.96 KiB would print as "1024.0 KiB": move up where one decimal rounds to 1024.
    while (unit + 1 < units.size() && value >= (unit == 0 ? 1024.0 : 1023.95)) {
        value /= 1024;
        ++unit;
    }
    if (unit == 0) return fmt::format("{:.0f} B", value);
    return fmt::format("{:.1f} {}", value, units[unit]);
}

std::string format_duration(seconds d) {
    const auto s = std::max<seconds::rep>(d.count(), 0);
    if (s < 60) return fmt::format("{}s", s);
    if (s < 3600) return fmt::format("{}m", s / 60);
    if (s < 86400) return fmt::format("{}h{:02}m", s / 3600, s % 3600 / 60);
    return fmt::format("{}d{:02}h", s / 86400, s % 86400 / 3600);
}

namespace {

/// Seconds still to go at the average rate so far; nullopt while nothing is done.
std::optional<seconds> time_left(const backfill_snapshot& s, double elapsed) {
    double left = -1;
    if (s.bytes_total > 0 && s.bytes_done > 0) {
        const double rate = double(s.bytes_done) / elapsed;
        left = double(s.bytes_total - std::min(s.bytes_done, s.bytes_total)) / rate;
    } else if (s.files_done > 0) {
        left = double(s.files_total - std::min(s.files_done, s.files_total)) * elapsed /
               double(s.files_done);
    }
    if (left < 0) return std::nullopt;
    return seconds(static_cast<seconds::rep>(left + 0.5));
}

}  // namespace

std::string format_backfill(const backfill_snapshot& s) {
    std::string out = fmt::format("EventLogFile backfill: {} of {} files, {}",
                                  s.files_done,
                                  s.files_total,
                                  format_bytes(double(s.bytes_done)));
    if (s.bytes_total > 0) out += " of " + format_bytes(double(s.bytes_total));
    const double elapsed = duration<double>(s.elapsed).count();
    if (elapsed > 0 && s.bytes_done > 0) {
        out += ", " + format_bytes(double(s.bytes_done) / elapsed) + "/s";
    }
    if (s.ended) {
        out += s.files_done >= s.files_total ? ", done in " : ", stopped after ";
        return out + format_duration(duration_cast<seconds>(s.elapsed));
    }
    if (elapsed > 0) {
        if (const auto left = time_left(s, elapsed)) {
            out += ", about " + format_duration(*left) + " left";
        }
    }
    return out;
}

backfill_progress::backfill_progress(std::uint64_t files_total,
                                     std::uint64_t bytes_total,
                                     steady_clock::time_point start,
                                     policy p)
    : policy_(p),
      files_total_(files_total),
      bytes_total_(bytes_total),
      start_(start),
      last_line_(start) {}

void backfill_progress::file_done(std::uint64_t length) {
    ++files_done_;
    bytes_done_ += length;
    current_bytes_ = 0;
}

bool backfill_progress::is_backfill(steady_clock::time_point now) const {
    return files_total_ > policy_.many_files || now - start_ >= policy_.long_poll;
}

backfill_snapshot backfill_progress::snapshot(steady_clock::time_point now, bool ended) const {
    return {
        files_done_, files_total_, bytes_done_ + current_bytes_, bytes_total_, now - start_, ended};
}

std::optional<std::string> backfill_progress::due(steady_clock::time_point now) {
    // The first line comes `every` after the start: the poll announces itself already.
    if (!is_backfill(now) || now - last_line_ < policy_.every) return std::nullopt;
    last_line_ = now;
    return format_backfill(snapshot(now, false));
}

std::optional<std::string> backfill_progress::end(steady_clock::time_point now) {
    if (!is_backfill(now)) return std::nullopt;
    return format_backfill(snapshot(now, true));
}

}  // namespace sfc::sources
