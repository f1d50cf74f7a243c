#pragma once
// What an object source tells the operator when Salesforce refuses its query: one line naming
// the source, the object and the fix.

#include <optional>
#include <string>
#include <string_view>

#include "salesforce/errors.hpp"
#include "sfc/config.hpp"

namespace sfc::sources {

/// The column of an INVALID_FIELD message ("No such column 'X' on entity 'Y'"), or nullopt.
std::optional<std::string> missing_column(std::string_view message);

/// INVALID_TYPE: the object is not in this org, or the integration user may not read it.
std::string object_refused_message(std::string_view label,
                                   const config::object_source_config& object,
                                   const salesforce::api_error& e);

/// An INVALID_FIELD that dropping a selected field cannot fix.
std::string field_refused_message(std::string_view label,
                                  const config::object_source_config& object,
                                  const salesforce::api_error& e);

}  // namespace sfc::sources
