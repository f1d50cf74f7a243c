#pragma once
// The read steps: EventLogFile and each configured object answer a LIMIT 1 query as the
// collector's user, and what to grant when they do not.

#include <string>

#include "check/report.hpp"
#include "salesforce/errors.hpp"
#include "sfc/config.hpp"

namespace sfc::check {

/// SELECT <its fields> FROM <object> [WHERE (<where>)] LIMIT 1: the fields and filter the
/// collector will use, so field access and the filter are checked too. Big objects get no
/// filter (they accept only EventDate ones, which the collector adds itself).
std::string probe_query(const config::object_source_config& object);

/// For the EventLogFile step.
std::string event_log_file_probe_query();

/// The failure of `object`'s query (`user` names who ran it, e.g. "user@example.com"): what the
/// error says and the permission or setting to fix. A session Salesforce refuses for REST fails
/// with check_refused, anything else with check_failed.
verdict unreadable(const std::string& object,
                   const salesforce::api_error& error,
                   const std::string& user);

}  // namespace sfc::check
