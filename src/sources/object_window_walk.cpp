#include "sources/object_window_walk.hpp"

#include <spdlog/spdlog.h>

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

std::string object_window_walk::soql(const salesforce::object_select& select) const {
    const std::string& hi = published_.window ? published_.window->low : end_;
    return salesforce::build_big_object_query(select, published_.date, hi);
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
