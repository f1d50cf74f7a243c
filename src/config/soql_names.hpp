#pragma once
// Object names, field names and conditions from the config are spliced into SOQL, so they are
// checked to be what they claim: names cannot carry quotes, spaces or keywords, and a condition
// cannot escape its parentheses.

#include <string>

namespace sfc::config {

/// An object's API name: a letter, then letters, digits and '_' ("LoginHistory",
/// "ns__Audit__c"). Throws value_error.
std::string check_object_name(const std::string& text);

/// A field: API names joined by '.' for relationship paths ("CreatedBy.Name"). Throws
/// value_error.
std::string check_field_name(const std::string& text);

/// An extra WHERE condition: one line, every quote closed (\' escapes one inside a string) and
/// the parentheses outside strings balanced, so it stays inside the parentheses the query puts
/// around it. Throws value_error.
std::string check_where(const std::string& text);

}  // namespace sfc::config
