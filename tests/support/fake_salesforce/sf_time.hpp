#pragma once
// Salesforce's datetime renderings and the SOQL datetime literal parser.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::test::fake_sf {

using time_point = std::chrono::system_clock::time_point;

/// Milliseconds since the epoch: the precision Salesforce keeps.
std::int64_t to_ms(time_point t);
time_point from_ms(std::int64_t ms);

/// "2024-03-11T15:00:00.000+0000", as in REST JSON records.
std::string format_record_datetime(time_point t);
/// "Mon, 11 Mar 2024 15:00:00 GMT", the HTTP Date header (RFC 9110 IMF-fixdate).
std::string format_http_date(time_point t);
/// "20240311150000.000", the CSV TIMESTAMP column. Appends to out.
void append_csv_timestamp(std::string& out, time_point t);
/// "2024-03-11T15:00:00.000Z", the CSV TIMESTAMP_DERIVED column. Appends to out.
void append_iso_z(std::string& out, time_point t);

/// A SOQL datetime literal: YYYY-MM-DDThh:mm:ss[.fff](Z|+hh:mm|-hh:mm|+hhmm|-hhmm), or a date
/// YYYY-MM-DD (midnight UTC). nullopt when it is not one.
std::optional<time_point> parse_soql_datetime(std::string_view text);

}  // namespace sfc::test::fake_sf
