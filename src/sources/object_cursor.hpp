#pragma once
// Where an object source stands, as saved in the state directory.
//
// Standard objects: the last record delivered, by (cursor field, id field); the next query asks
// for records after it in that order.
//
// Big objects can only be read newest first (ORDER BY EventDate DESC), so a window
// [date, now] is drained from its newest event down to `date`, and `date` moves up to the
// window's newest event only once the whole window is delivered. Progress inside a window is
// saved too: a restart asks for [date, low] and drops what it already delivered at `low`.
// Events that share one EventDate are told apart by their EventIdentifier: the sets below hold
// the ids already delivered at exactly a boundary date.

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace sfc::sources {

struct standard_cursor {
    std::string cursor;  ///< SOQL literal ("...sssZ") of the last record delivered; "" if none
    std::string id;      ///< that record's id field

    bool empty() const { return cursor.empty(); }
    std::string to_json() const;
    /// nullopt when `text` is not a standard cursor this version wrote.
    static std::optional<standard_cursor> from_json(std::string_view text);
};

/// A big-object window partly delivered.
struct window_progress {
    std::string top;  ///< the newest EventDate delivered in this window
    std::set<std::string> top_ids;
    std::string low;  ///< the oldest EventDate delivered so far: where a restart resumes
    std::set<std::string> low_ids;
};

struct big_object_cursor {
    /// Windows start here, inclusive: the newest EventDate of the last finished window (or the
    /// look-back's start, until then). "" before the first run.
    std::string date;
    std::set<std::string> ids;  ///< delivered events at exactly `date`
    std::optional<window_progress> window;

    bool empty() const { return date.empty(); }
    std::string to_json() const;
    /// nullopt when `text` is not a big-object cursor this version wrote.
    static std::optional<big_object_cursor> from_json(std::string_view text);
};

}  // namespace sfc::sources
