#pragma once
// Describe data for the security objects of salesforce-api.md §5 (LoginHistory,
// SetupAuditTrail, LoginEvent, LogoutEvent): their fields and types, so that a query may name
// any of them even when no test record sets it, and a field they lack (LoginHistory has no
// CreatedDate) is an INVALID_FIELD whatever the records hold. Which types are big objects.

#include "fake_salesforce/soql_engine.hpp"

#include <span>
#include <string_view>

namespace sfc::test::fake_sf {

struct schema_field {
    std::string_view name;
    field_type type;
};

/// The fields of `object` (case-insensitive) in describe order, or an empty span when the fake
/// has no schema for it (its fields are then those its records carry).
std::span<const schema_field> known_schema(std::string_view object);

/// Real-Time Event Monitoring storage objects kept as big objects (§5.3).
bool is_big_object(std::string_view object);

}  // namespace sfc::test::fake_sf
