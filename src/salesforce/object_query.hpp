#pragma once
// SOQL for the object sources (SetupAuditTrail, LoginHistory, the Real-Time Event Monitoring
// storage objects, operator-defined objects). Every value spliced in is checked: field and object
// names must be SOQL identifiers, datetimes are re-rendered, ids are quoted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::salesforce {

/// What to select from which object, and the fields that order it.
struct object_select {
    std::string object;               ///< API name: "LoginHistory", "MyAudit__c"
    std::vector<std::string> fields;  ///< SELECT list; cursor and id fields are added if missing
    std::string cursor_field;         ///< a dateTime field
    std::string id_field;             ///< tie-break (standard) or de-duplication key (big object)
    std::string where;  ///< operator's SOQL condition, ANDed in parentheses; standard only
};

/// Where a standard-object query starts. With after_cursor and after_id: records after
/// (cursor, id) in (cursor_field, id_field) order. With only `since`: cursor_field >= since.
/// Datetimes in any form parse_sf_datetime() reads.
struct standard_bounds {
    std::optional<std::string> after_cursor;
    std::optional<std::string> after_id;
    std::optional<std::string> since;
};

/// SELECT <fields> FROM <object> WHERE (<C> > t OR (<C> = t AND <Id> > 'id')) [AND (<where>)]
/// ORDER BY <C> ASC, <Id> ASC. Throws std::invalid_argument naming the object when a name is
/// not an identifier, a datetime does not parse, or no bound is given.
std::string build_standard_query(const object_select& select, const standard_bounds& bounds);

/// SELECT <fields> FROM <object> WHERE <C> >= lo AND <C> <= hi ORDER BY <C> DESC: the only shape
/// big objects accept (filter on EventDate alone, newest first). Throws std::invalid_argument
/// as above, and when select.where is set (big objects refuse other filters).
std::string build_big_object_query(const object_select& select,
                                   std::string_view lo,
                                   std::string_view hi);

/// Letters, digits and '_', with '.' between parts (relationship paths): what may be spliced in
/// as a name.
bool is_soql_identifier(std::string_view name);

}  // namespace sfc::salesforce
