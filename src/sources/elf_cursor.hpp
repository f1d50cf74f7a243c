#pragma once
// Where EventLogFile collection stands: the last file delivered whole, by (CreatedDate, Id), and
// how many data rows of the next file are already delivered. Never LogDate: late hourly data
// arrives as a new file with an old LogDate and a new CreatedDate. Files are downloaded several
// at once, so files after the next one may have delivered rows too: `ahead` keeps them, and a
// restart skips those rows instead of sending them again.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::sources {

/// A file after the cursor's next one that has delivered rows, or all of them.
struct elf_cursor_ahead {
    std::string id;
    std::uint64_t rows = 0;  ///< its first data rows delivered
    bool done = false;       ///< every row delivered

    bool operator==(const elf_cursor_ahead&) const = default;
};

struct elf_cursor {
    std::string created_date;  ///< SOQL literal ("...sssZ") of the last complete file; "" if none
    std::string id;            ///< that file's Id
    std::string partial_id;    ///< a file whose first `partial_rows` data rows are delivered
    std::uint64_t partial_rows = 0;
    std::vector<elf_cursor_ahead> ahead = {};  ///< in list order

    bool empty() const { return id.empty(); }
    bool operator==(const elf_cursor&) const = default;
    /// Version 1 while `ahead` is empty (what earlier releases read), else version 2.
    std::string to_json() const;
    /// nullopt when `text` is not a cursor this version wrote.
    static std::optional<elf_cursor> from_json(std::string_view text);
};

}  // namespace sfc::sources
