#pragma once
// The time a saved cursor stands at (the newest event it covers), whichever source wrote it: for
// the cursor lag the operator watches.

#include <chrono>
#include <optional>
#include <string_view>

namespace sfc::sources {

/// EventLogFile: the last complete file's CreatedDate; a standard object: its cursor field; a
/// big object: the newest EventDate delivered. nullopt for an empty or unreadable cursor.
std::optional<std::chrono::system_clock::time_point> cursor_time(std::string_view cursor_json);

}  // namespace sfc::sources
