#pragma once
// An event made from the text of one JSON object, indexed like a collected record.

#include <string>

#include "sfc/event.hpp"

namespace sfc::format {

/// The event for `json` (kept as it is): its top-level members are indexed and its "sfc" object,
/// when it has one, gives the typed metadata (event_id when `id` is empty, org_id, source,
/// event_type, log_file_id, row, timestamp). JSON that is not one object gives an event with no
/// origin and no members, which the formats render from the id alone. Never throws for bad
/// input.
sfc::event event_from_json(std::string id, std::string json);

}  // namespace sfc::format
