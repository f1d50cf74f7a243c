#pragma once
// One EventLogFile row of a query page, read from its JSON text.

#include <cstdint>
#include <string>
#include <string_view>

namespace sfc::salesforce {

struct elf_record {
    std::string id;
    std::string event_type;
    std::string log_date;      ///< as returned: "2024-03-11T15:00:00.000+0000"
    std::string interval;      ///< "Hourly", "Daily", or "" on files older than API 37.0
    std::string created_date;  ///< as returned; soql_datetime_from_sf() makes the cursor literal
    std::string log_file;      ///< relative URL of the CSV blob
    std::int64_t sequence = 0;      ///< 0 for daily files and when null
    double log_file_length = 0;     ///< bytes; 0 when null or absent
};

/// Throws std::runtime_error naming the field that is missing or of the wrong type, or saying
/// the JSON is malformed.
elf_record parse_elf_record(std::string_view record_json);

}  // namespace sfc::salesforce
