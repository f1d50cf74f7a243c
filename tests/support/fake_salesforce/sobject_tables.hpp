#pragma once
// The records SOQL runs over: EventLogFile rows built from the fake's log files, and generic
// records of other object types added by tests.

#include "fake_salesforce/soql_engine.hpp"
#include "fake_salesforce/state.hpp"

#include <optional>
#include <string_view>

namespace sfc::test::fake_sf {

/// The table for object (case-insensitive), or nullopt when the fake has no such type.
/// api_version shapes the LogFile URLs. Caller holds state.mu.
std::optional<record_table> table_for(const fake_state& state,
                                      std::string_view object,
                                      std::string_view api_version);

}  // namespace sfc::test::fake_sf
