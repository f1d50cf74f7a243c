#pragma once
// One EventLogFile CSV row rendered as one JSON event.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parse/csv_parser.hpp"
#include "sfc/event.hpp"
#include "util/stable_id.hpp"

namespace sfc::parse {

/// Where the rows come from: the EventLogFile record's fields.
struct log_file_info {
    std::string org_id;       ///< 18-char id of the org collected from
    std::string log_file_id;  ///< EventLogFile Id
    std::string event_type;   ///< EventType
    std::string interval;     ///< "Hourly" | "Daily"
    std::int64_t sequence = 0;
    std::string log_date;      ///< as Salesforce gave it
    std::string created_date;  ///< as Salesforce gave it
};

/// Renders data rows of one log file as events:
///   {"COLUMN":"value",...,"sfc":{"event_id":..,"org_id":..,"source":"EventLogFile",
///    "event_type":..,"log_file_id":..,"interval":..,"sequence":N,"log_date":..,
///    "created_date":..,"row":N[,"timestamp":"YYYY-MM-DDThh:mm:ss.SSSZ"]}}
/// Every cell is a JSON string, exactly as in the CSV; columns the builder has never heard of
/// (schema drift) pass through like any other. A row with fewer cells than the header omits the
/// missing columns; cells beyond the header appear as "_extra_1", "_extra_2", ...
/// "timestamp" is the TIMESTAMP_DERIVED column (ISO 8601 in UTC) when the file has one and the
/// value is well formed, else the TIMESTAMP column (YYYYMMDDhhmmss.SSS, GMT) in ISO 8601 when
/// that one is; the two can differ in real orgs (TIMESTAMP without milliseconds, or a few off).
///
/// The event id depends on the row's content, not on where the row sits: (org id, EventType,
/// and every non-empty cell with its column name, columns ordered by name). So the same event
/// keeps its id in a regenerated file (new Id and CreatedDate, same rows), in a late hourly file
/// that repeats rows of an earlier sequence, and whatever the column order. An empty cell counts
/// as a missing one, so a new column that is empty does not change ids. Rows that are identical
/// within one file share an id: nothing in them tells them apart, so a SIEM could not either.
class elf_event_builder {
public:
    /// `header`: the CSV header record's cells; columns are used by name, not position, since
    /// they change between releases.
    elf_event_builder(log_file_info info, std::vector<std::string> header);

    /// Renders record `record` of `rows`, which is data row `row` of the file (1-based, header
    /// excluded). Not const: the id hasher's buffers are reused from row to row.
    sfc::event build(const csv_rows& rows, std::size_t record, std::uint64_t row);

    const log_file_info& info() const { return info_; }

private:
    json_member append_key(std::string& json, std::size_t col) const;
    void append_timestamp(sfc::event& ev, const csv_rows& rows, std::size_t record) const;
    void init_id_columns(const std::vector<std::string>& header);
    std::string content_id(const csv_rows& rows, std::size_t record);

    log_file_info info_;
    std::shared_ptr<const event_origin> origin_;  // shared by every event of the file
    std::vector<std::string> keys_;               // `"COLUMN":` per header column, escaped once
    std::vector<json_member> key_members_;        // where each key sits within its keys_ entry
    std::string sfc_fixed_;                       // the metadata that is the same for every row
    std::size_t timestamp_col_;                   // index of TIMESTAMP, or npos
    std::size_t derived_col_;                     // index of TIMESTAMP_DERIVED, or npos
    std::size_t keys_bytes_ = 0;                  // total size of keys_, for reserve()
    // The id: header columns by name, each with its name already encoded for the hasher.
    std::vector<std::pair<std::size_t, std::string>> id_columns_;
    std::string id_prefix_;  // org id and EventType, encoded
    util::stable_id_hasher hasher_;
};

/// "20130715233322.670" (GMT) → "2013-07-15T23:33:22.670Z"; appends nothing and returns false
/// when `value` is not of that form or not a date-time util::parse_iso8601 takes (February 30).
bool append_iso_timestamp(std::string& out, std::string_view value);

/// "2023-03-01T22:11:45.12Z" (TIMESTAMP_DERIVED: UTC, a fraction of 0-9 digits) →
/// "2023-03-01T22:11:45.120Z"; appends nothing and returns false for anything else: what
/// util::parse_iso8601 refuses (February 30) and any zone but 'Z'.
bool append_iso_derived(std::string& out, std::string_view value);

}  // namespace sfc::parse
