#include "sources/object_standard_walk.hpp"

#include <spdlog/spdlog.h>

#include "salesforce/soql.hpp"

namespace sfc::sources {

void object_standard_walk::begin(std::chrono::system_clock::time_point now) {
    since_ = salesforce::soql_datetime(now - lookback_);
    // Filtered here rather than in the query, which keeps the query in its documented shape.
    newest_ = settle_.count() > 0 ? salesforce::soql_datetime(now - settle_) : std::string();
    settled_ = false;
    unordered_ = 0;
    rewind();  // a poll that failed part-way may have left events pending
}

std::string object_standard_walk::soql(const salesforce::object_select& select) {
    salesforce::standard_bounds bounds;
    if (published_.empty()) {
        bounds.since = since_;
    } else {
        bounds.after_cursor = published_.cursor;
        bounds.after_id = published_.id;
    }
    return salesforce::build_standard_query(select, bounds);
}

boost::asio::awaitable<void> object_standard_walk::take(object_record rec) {
    if (rec.cursor.empty()) {
        ++unordered_;  // no place in the order: the cursor could not pass it
        co_return;
    }
    // Literals of one fixed width compare as the times they stand for; the query's order puts
    // every later record past this one too.
    if (!newest_.empty() && rec.cursor > newest_) {
        settled_ = true;
        co_return;
    }
    batches_.push(std::move(rec.event));
    working_ = standard_cursor{std::move(rec.cursor), std::move(rec.id)};
    if (!batches_.full()) co_return;
    co_await publish_working();
    batches_.stop_if_requested();
}

boost::asio::awaitable<void> object_standard_walk::finish() {
    if (unordered_ > 0) {
        spdlog::warn("{}: skipped {} record(s) without a cursor value: they cannot be ordered",
                     label_,
                     unordered_);
        unordered_ = 0;
    }
    if (!batches_.empty()) co_await publish_working();
}

}  // namespace sfc::sources
