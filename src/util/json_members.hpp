#pragma once
// Writing and finding the top-level members of an event's JSON, so formats read them by place.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sfc/event.hpp"

namespace sfc::util {

/// Appends `"key":` (escaped) to `json` and returns a member that knows where the key sits.
json_member append_member_key(std::string& json, std::string_view key);

/// Appends `value` as a JSON string and records where its text sits in `m`.
void append_member_string(std::string& json, json_member& m, std::string_view value);

/// Records json[at, json.size()), one JSON value, as the value of `m`.
void mark_member_json(const std::string& json, json_member& m, std::size_t at);

/// The top-level members of `json`, one JSON object already known to be valid.
std::vector<json_member> index_json_members(std::string_view json);

}  // namespace sfc::util
