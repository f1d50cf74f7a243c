#pragma once
// What the collector knows about Salesforce's security objects: for each, the dateTime field
// its cursor follows, the key that breaks ties and de-duplicates, how it may be queried and the
// fields selected by default (salesforce-api.md §5).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sfc/config.hpp"

namespace sfc::config {

struct known_object {
    std::string_view name;          ///< API name, e.g. "LoginHistory"
    std::string_view cursor_field;  ///< "CreatedDate", "LoginTime", "EventDate"
    std::string_view id_field;      ///< "Id" or "EventIdentifier"
    object_kind kind;
    /// Default SELECT list (cursor_field and id_field included).
    std::span<const std::string_view> fields;
    /// What the integration user needs to read it, for the error when the org refuses the
    /// object (INVALID_TYPE).
    std::string_view permission;
};

/// Every object in the catalogue, in a stable order.
std::span<const known_object> known_objects();

/// The entry for `name` (compared case-insensitively), or nullptr.
const known_object* find_known_object(std::string_view name);

/// The permission an operator must grant for `object` (catalogued or not), for error messages.
std::string_view permission_for(std::string_view object);

/// An object_source_config for a known object with every default filled in (name = the
/// catalogue's spelling).
object_source_config defaults_for(const known_object& known);

}  // namespace sfc::config
