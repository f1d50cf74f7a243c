#include "sources/object_window_walk.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "salesforce/soql.hpp"

namespace sfc::sources {

void object_window_walk::begin(std::chrono::system_clock::time_point now) {
    // The first window starts at the look-back; it is saved with the first batch, so a restart
    // in that window resumes from the same start.
    if (published_.empty()) published_.date = salesforce::soql_datetime(now - lookback_);
    end_ = salesforce::soql_datetime(now - settle_);
    repeats_ = unordered_ = 0;
    rewind();  // a poll that failed part-way may have left events pending
}

std::string object_window_walk::top_left() const {
    // Between parts, what is pending is not published yet: the working cursor is the one that
    // says what was read (begin() and rewind() make both the same).
    std::string hi = working_.window ? working_.window->low : end_;
    // Literals of one fixed width compare as the times they stand for.
    if (!read_to_.empty() && read_to_ < hi) hi = read_to_;
    return hi;
}

std::string object_window_walk::soql(const salesforce::object_select& select) {
    const std::string hi = top_left();
    part_low_.clear();
    if (span_) {
        const auto top = salesforce::parse_sf_datetime(hi);
        const auto date = salesforce::parse_sf_datetime(working_.date);
        if (top && date && *top - *span_ > *date) {
            part_low_ = salesforce::soql_datetime(*top - *span_);
        }
    }
    return salesforce::build_big_object_query(
        select, part_low_.empty() ? working_.date : part_low_, hi);
}

bool object_window_walk::next_part() {
    if (part_low_.empty()) {
        span_.reset();  // the rest of the window in one query: windows are read whole again
        return false;
    }
    // Every event in [part_low_, hi] was taken: the next part ends at part_low_, where the
    // events of this part at exactly that time are dropped as the window's low ones.
    read_to_ = std::move(part_low_);
    part_low_.clear();
    *span_ *= 2;
    return true;
}

bool object_window_walk::narrow() {
    using namespace std::chrono;
    if (span_) {
        if (*span_ <= min_span) return false;
        span_ = std::max<milliseconds>(*span_ / 2, min_span);
        return true;
    }
    const auto top = salesforce::parse_sf_datetime(top_left());
    const auto date = salesforce::parse_sf_datetime(working_.date);
    if (!top || !date || *top - *date <= min_span) return false;
    span_ = std::max<milliseconds>(duration_cast<milliseconds>(*top - *date) / 2, min_span);
    return true;
}

void object_window_walk::rewind() {
    cursor_walk::rewind();
    // The pending events of the parts read are gone: read again from the published cursor.
    read_to_.clear();
    part_low_.clear();
}

bool object_window_walk::delivered(const object_record& rec) const {
    if (rec.cursor == working_.date && working_.ids.contains(rec.id)) return true;
    const auto& w = working_.window;
    return w && rec.cursor == w->low && w->low_ids.contains(rec.id);
}

void object_window_walk::extend_window(const object_record& rec) {
    auto& w = working_.window;
    if (!w) {
        w = window_progress{rec.cursor, {rec.id}, rec.cursor, {rec.id}};
        return;
    }
    // Literals of one fixed width compare as the times they stand for.
    if (rec.cursor > w->top) {
        w->top = rec.cursor, w->top_ids = {rec.id};  // out of order: never lose the newest
    } else if (rec.cursor == w->top) {
        w->top_ids.insert(rec.id);
    }
    if (rec.cursor < w->low) {
        w->low = rec.cursor, w->low_ids = {rec.id};
    } else if (rec.cursor == w->low) {
        w->low_ids.insert(rec.id);
    }
}

boost::asio::awaitable<void> object_window_walk::take(object_record rec) {
    if (rec.cursor.empty()) {
        ++unordered_;
        co_return;
    }
    if (delivered(rec)) {
        ++repeats_;
        co_return;
    }
    extend_window(rec);
    batches_.push(std::move(rec.event));
    if (!batches_.full()) co_return;
    co_await publish_working();
    batches_.stop_if_requested();
}

boost::asio::awaitable<void> object_window_walk::finish() {
    if (unordered_ > 0) {
        spdlog::warn("{}: skipped {} record(s) without an EventDate", label_, unordered_);
    }
    spdlog::debug("{}: dropped {} event(s) delivered before", label_, repeats_);
    if (!working_.window) co_return;  // nothing new: the window stays where it was
    // The window is done: the next one starts at its newest event, and that event's ids are
    // the ones to drop there.
    window_progress& w = *working_.window;
    if (w.top == working_.date) {
        working_.ids.merge(w.top_ids);
    } else {
        working_.date = w.top;
        working_.ids = std::move(w.top_ids);
    }
    working_.window.reset();
    co_await publish_working();  // with the last events, if any are pending
}

}  // namespace sfc::sources
