#pragma once
// What the SIEM formats need from an event, read once from its JSON.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sfc/event.hpp"

namespace sfc::format {

/// One top-level member of the event JSON, as text.
struct column {
    std::string name;
    std::string value;
};

struct event_fields {
    /// False when the event JSON did not parse as an object: then only event_id is set.
    bool parsed = false;
    std::string event_id;     // sfc::event::id, else sfc.event_id
    std::string event_type;   // sfc.event_type, else the EVENT_TYPE column; "" when unknown
    std::string org_id;       // sfc.org_id
    std::string source;       // sfc.source, e.g. "EventLogFile"
    std::string log_file_id;  // sfc.log_file_id
    std::string row;          // sfc.row as decimal text
    std::string timestamp;    // sfc.timestamp as written (ISO 8601), "" when absent
    /// sfc.timestamp in milliseconds since the epoch, when it is a valid ISO 8601 date-time.
    std::optional<std::int64_t> epoch_ms;
    /// Top-level members in document order, except "sfc": strings as-is, numbers and booleans as
    /// their JSON text. Nulls, arrays and nested objects are left out (the JSON format has them).
    std::vector<column> columns;

    /// The value of column `name`, or nullptr.
    const std::string* find(std::string_view name) const;
};

/// Never throws; malformed JSON (or JSON that is not an object) gives a view with the id only.
event_fields read_fields(const sfc::event& e);

}  // namespace sfc::format
