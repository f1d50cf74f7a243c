#pragma once
// SOQL text: datetime literals, string quoting and the EventLogFile query.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::salesforce {

/// The SOQL literal for a point in time, in UTC with milliseconds: "2024-03-11T15:00:00.000Z".
/// Sub-millisecond precision is dropped (floor).
std::string soql_datetime(std::chrono::system_clock::time_point t);

/// Reads a dateTime as Salesforce returns it ("2024-03-11T15:00:00.000+0000") or as SOQL
/// accepts it ("...Z", "...+00:00"), with or without a fraction; offsets are applied.
std::optional<std::chrono::system_clock::time_point> parse_sf_datetime(std::string_view text);

/// A response value turned into the literal soql_datetime() would write, millis kept.
std::optional<std::string> soql_datetime_from_sf(std::string_view sf_value);

/// A quoted SOQL string literal: '...' with backslash escapes for ', \, newline, CR and tab.
std::string soql_quote(std::string_view value);

struct elf_query_params {
    std::vector<std::string> event_types;  ///< empty: every type
    std::string interval;                  ///< "Hourly" or "Daily"; empty: both
    /// The cursor, a datetime literal (any form parse_sf_datetime reads). With after_id:
    /// files created after it, or at it with a greater Id. Without after_id: created after it.
    std::optional<std::string> after_created_date;
    std::optional<std::string> after_id;
    /// First run, when there is no cursor yet: CreatedDate >= since.
    std::optional<std::string> since;
};

/// SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, LogFile
/// FROM EventLogFile WHERE ... ORDER BY CreatedDate ASC, Id ASC. Datetime literals are
/// re-rendered in the "...sssZ" form; throws std::invalid_argument if one does not parse
/// (they are spliced in unquoted, so they must never carry anything else).
std::string build_elf_query(const elf_query_params& params);

}  // namespace sfc::salesforce
