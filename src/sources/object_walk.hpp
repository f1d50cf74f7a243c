#pragma once
// One way of reading an object's new records: the standard cursor walk or the big-object window.
// object_source runs the query and its pages and hands each record to the walk, which batches,
// publishes and keeps the cursor. A walk lives as long as its source: it keeps what it has
// published between polls.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "salesforce/object_query.hpp"
#include "sources/object_batches.hpp"
#include "sources/object_event.hpp"

namespace sfc::sources {

class object_walk {
public:
    virtual ~object_walk() = default;

    /// Takes the saved cursor; false when `json` is not one this walk wrote.
    virtual bool restore(std::string_view json) = 0;
    /// Starts a poll at `now` (the first run's start, the window's end).
    virtual void begin(std::chrono::system_clock::time_point now) = 0;
    /// The query for what is left to read, from what is published so far (or, for a window
    /// read in parts, the next part).
    virtual std::string soql(const salesforce::object_select& select) = 0;
    /// The next record in the query's order.
    virtual boost::asio::awaitable<void> take(object_record rec) = 0;
    /// False once the walk needs no more records this poll (the rest are too new to take).
    virtual bool wants_more() const { return true; }
    /// The query is exhausted. True when it read only a part of what is left (a window
    /// narrowed after a QUERY_TIMEOUT): soql() then gives the next part.
    virtual bool next_part() { return false; }
    /// The query timed out (QUERY_TIMEOUT) even after its retries, and the walk was rewound:
    /// true when soql() will now ask for a smaller part, false when it cannot.
    virtual bool narrow() { return false; }
    /// Every part is read: publishes what is pending with the cursor that follows.
    virtual boost::asio::awaitable<void> finish() = 0;
    /// The query broke off (an expired locator): forgets what was not published, so soql()
    /// starts again after the last published batch.
    virtual void rewind() = 0;
};

/// What both walks share: a cursor of type Cursor (with to_json() and from_json()) that covers
/// the published batches, and one that covers the pending events too.
template <class Cursor>
class cursor_walk : public object_walk {
public:
    /// `label` names the source in log lines. Records newer than `settle` before the poll's
    /// start wait for a later poll.
    cursor_walk(object_batches& batches,
                std::string label,
                std::chrono::seconds lookback,
                std::chrono::seconds settle)
        : batches_(batches), label_(std::move(label)), lookback_(lookback), settle_(settle) {}

    bool restore(std::string_view json) override {
        auto c = Cursor::from_json(json);
        if (!c) return false;
        published_ = working_ = std::move(*c);
        return true;
    }
    void rewind() override {
        batches_.discard();
        working_ = published_;
    }
    const Cursor& published() const { return published_; }

protected:
    /// Publishes the pending events (or just the cursor) with the working cursor.
    boost::asio::awaitable<void> publish_working() {
        std::string json = working_.to_json();  // named: no temporaries in a co_await (GCC 12)
        co_await batches_.publish(std::move(json));
        published_ = working_;
    }

    object_batches& batches_;
    std::string label_;
    std::chrono::seconds lookback_;
    std::chrono::seconds settle_;
    Cursor published_;             // covers every published batch
    Cursor working_;               // covers the pending events too
    std::uint64_t unordered_ = 0;  // records without a cursor value, this poll
};

}  // namespace sfc::sources
