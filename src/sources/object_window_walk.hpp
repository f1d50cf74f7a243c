#pragma once
// Big objects (LoginEvent, ApiEvent, ...): each poll drains the window [date, now] newest first,
// the only order they allow, dropping the events already delivered at its boundaries, and moves
// `date` up to the window's newest event once the window is done (object_cursor.hpp).
//
// Limitation: an event stored after its window was drained, with an EventDate older than the
// newest event delivered, is not collected (no later window reaches back that far). Events newer
// than that are, whenever they arrive. `settle` ends each window that long before the poll, so
// events stored up to that late are still collected.

#include <cstdint>
#include <string>

#include "sources/object_cursor.hpp"
#include "sources/object_walk.hpp"

namespace sfc::sources {

class object_window_walk final : public cursor_walk<big_object_cursor> {
public:
    using cursor_walk::cursor_walk;

    void begin(std::chrono::system_clock::time_point now) override;
    std::string soql(const salesforce::object_select& select) const override;
    boost::asio::awaitable<void> take(object_record rec) override;
    boost::asio::awaitable<void> finish() override;

private:
    /// Already delivered: at the window's start by an earlier window, or at its low end by an
    /// earlier batch of this window.
    bool delivered(const object_record& rec) const;
    /// Takes a delivered record into the window's bounds.
    void extend_window(const object_record& rec);

    std::string end_;            // the window's end when none was in progress: now - settle
    std::uint64_t repeats_ = 0;  // dropped at the boundaries, this poll
};

}  // namespace sfc::sources
