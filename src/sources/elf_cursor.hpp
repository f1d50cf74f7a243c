#pragma once
// Where EventLogFile collection stands: the last file delivered whole, by (CreatedDate, Id), and
// how many data rows of the next file are already delivered. Never LogDate: late hourly data
// arrives as a new file with an old LogDate and a new CreatedDate.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::sources {

struct elf_cursor {
    std::string created_date;  ///< SOQL literal ("...sssZ") of the last complete file; "" if none
    std::string id;            ///< that file's Id
    std::string partial_id;    ///< a file whose first `partial_rows` data rows are delivered
    std::uint64_t partial_rows = 0;

    bool empty() const { return id.empty(); }
    std::string to_json() const;
    /// nullopt when `text` is not a cursor this version wrote.
    static std::optional<elf_cursor> from_json(std::string_view text);
};

}  // namespace sfc::sources
