#pragma once
// The last day's log files: which event types and intervals the org produced, against what
// event_log_file asks for.

#include <string>
#include <vector>

#include "check/report.hpp"
#include "sfc/config.hpp"

namespace sfc::check {

/// The SOQL listing the last day's files: EventType and Interval created at or after `since`
/// (a SOQL datetime literal).
std::string last_day_query(const std::string& since);

/// `records` are the query's records as JSON text. One line summing them up, then a warning for
/// each thing in `elf` that the last day does not show (no file of the configured interval, no
/// file of a configured type).
std::vector<verdict> summarise_last_day(const std::vector<std::string>& records,
                                        const config::event_log_file_config& elf);

}  // namespace sfc::check
