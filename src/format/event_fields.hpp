#pragma once
// What the SIEM formats need from an event, read from its typed metadata and member index (no
// JSON parsing).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sfc/event.hpp"

namespace sfc::format {

/// One top-level member of the event JSON, as text.
struct column {
    std::string_view name;
    std::string_view value;
};

/// Views into the event it was read from (and into its own storage for decoded escapes): it must
/// not outlive that event.
struct event_fields {
    event_fields() = default;
    event_fields(const event_fields&) = delete;
    event_fields& operator=(const event_fields&) = delete;
    event_fields(event_fields&&) = default;
    event_fields& operator=(event_fields&&) = default;

    /// False when the event carries nothing but its JSON text (it did not parse as an object):
    /// then only event_id is set.
    bool parsed = false;
    std::string_view event_id;     // sfc::event::id
    std::string_view event_type;   // the origin's event type, else the EVENT_TYPE column
    std::string_view org_id;       // sfc.org_id
    std::string_view source;       // sfc.source, e.g. "EventLogFile"
    std::string_view log_file_id;  // sfc.log_file_id
    std::string row;               // sfc.row as decimal text, "" without one
    /// sfc.timestamp in milliseconds since the epoch.
    std::optional<std::int64_t> epoch_ms;
    /// Top-level members in document order, except "sfc": strings decoded, numbers and booleans
    /// as their JSON text. Nulls, arrays and nested objects are left out (the JSON format has
    /// them).
    std::vector<column> columns;

    /// The value of column `name`, or nullptr.
    const std::string_view* find(std::string_view name) const;

private:
    friend event_fields read_fields(const sfc::event& e);
    std::vector<std::string> decoded_;  // keys and values that held escapes
};

/// Never throws for lack of data: an event without an index gives a view with the id only.
event_fields read_fields(const sfc::event& e);

}  // namespace sfc::format
