#pragma once
// Event ids that depend only on where an event came from, so a re-sent event keeps its id.

#include <initializer_list>
#include <string>
#include <string_view>

namespace sfc::util {

/// 32 lowercase hex characters: the first 16 bytes of SHA-256 over `parts` joined with '\x1f'
/// (the ASCII unit separator, which Salesforce ids and row numbers never contain).
std::string stable_event_id(std::initializer_list<std::string_view> parts);

}  // namespace sfc::util
