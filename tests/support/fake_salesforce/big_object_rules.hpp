#pragma once
// Salesforce's query restrictions on big objects (salesforce-api.md §5.3): WHERE may compare
// only EventDate and EventIdentifier (ReportEvent: UserId too), joined by AND, with =, <, >, <=
// and >=; the only ordering is ORDER BY EventDate DESC.

#include "fake_salesforce/soql_engine.hpp"
#include "fake_salesforce/soql_parser.hpp"

#include <cstdint>
#include <string_view>

namespace sfc::test::fake_sf {

/// Throws soql_error (MALFORMED_QUERY for a field or an ordering big objects refuse,
/// INVALID_QUERY_FILTER_OPERATOR for an operator) with a one-line message.
void check_big_object_query(const soql_query& query, std::string_view object);

/// Salesforce promises no order among records with equal EventDates: reorders the table's rows
/// differently for each `seed` (the ORDER BY sort is stable), so a client that relies on the
/// order of ties across queries fails its tests.
void shuffle_ties(record_table& table, std::uint64_t seed);

}  // namespace sfc::test::fake_sf
