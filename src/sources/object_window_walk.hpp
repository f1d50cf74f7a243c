#pragma once
// Big objects (LoginEvent, ApiEvent, ...): each poll drains the window [date, now] newest first,
// the only order they allow, dropping the events already delivered at its boundaries, and moves
// `date` up to the window's newest event once the window is done (object_cursor.hpp).
//
// Limitation: an event stored after its window was drained, with an EventDate older than the
// newest event delivered, is not collected (no later window reaches back that far). Events newer
// than that are, whenever they arrive. `settle` ends each window that long before the poll, so
// events stored up to that late are still collected.
//
// A window too big to query (400 QUERY_TIMEOUT after the retries) is read in parts, newest
// first like the events: [hi - span, hi], then the part below it, and so on down to `date`.
// The span starts at half the window and halves on each timeout down to a minimum; each part
// read doubles it again, and a window read whole lifts the limit.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "sources/object_cursor.hpp"
#include "sources/object_walk.hpp"

namespace sfc::sources {

class object_window_walk final : public cursor_walk<big_object_cursor> {
public:
    using cursor_walk::cursor_walk;

    /// The smallest part a window is cut into; a part this small that still times out fails
    /// the poll with the QUERY_TIMEOUT.
    static constexpr std::chrono::seconds min_span{10};

    void begin(std::chrono::system_clock::time_point now) override;
    std::string soql(const salesforce::object_select& select) override;
    boost::asio::awaitable<void> take(object_record rec) override;
    bool next_part() override;
    bool narrow() override;
    boost::asio::awaitable<void> finish() override;
    void rewind() override;

    /// The span of a part, or nullopt when windows are read whole.
    std::optional<std::chrono::milliseconds> span() const { return span_; }

private:
    /// Already delivered: at the window's start by an earlier window, or at its low end by an
    /// earlier batch of this window.
    bool delivered(const object_record& rec) const;
    /// Takes a delivered record into the window's bounds.
    void extend_window(const object_record& rec);

    /// The top of what is left to read: the oldest event delivered, or the window's end, or
    /// the bottom of the last part read if that is lower.
    std::string top_left() const;

    std::string end_;            // the window's end when none was in progress: now - settle
    std::uint64_t repeats_ = 0;  // dropped at the boundaries, this poll
    std::optional<std::chrono::milliseconds> span_;  // of a part; nullopt: the whole window
    std::string part_low_;  // the bottom of the part being read; "": down to the window's date
    std::string read_to_;   // every part read so far this poll reached down to here; "": none
};

}  // namespace sfc::sources
