#pragma once
// A LogFile's CSV as something that can be produced row by row, so that a 100 MB file is never
// held in memory: the header, then rows on demand. Every cell is double-quoted, embedded quotes
// are doubled and lines end in "\n", as in real EventLogFile CSVs.

#include "fake_salesforce/fake_salesforce.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {

/// Appends one quoted cell (no separator).
void append_csv_cell(std::string& out, std::string_view cell);
/// Appends a whole line: quoted cells, commas, "\n".
void append_csv_line(std::string& out, const std::vector<std::string>& cells);

/// Immutable CSV content; safe to read from several threads.
class csv_content {
public:
    virtual ~csv_content() = default;
    virtual void append_header(std::string& out) const = 0;
    virtual std::size_t row_count() const = 0;
    virtual void append_row(std::string& out, std::size_t row) const = 0;
    /// Each row's REQUEST_ID cell, in order; empty when there is no such column.
    virtual std::vector<std::string> request_ids() const = 0;
    /// The exact length of the whole CSV, by producing it once.
    std::uint64_t byte_length() const;
};

/// Content given cell by cell.
std::shared_ptr<const csv_content> make_table_csv(csv_table table);
/// Content given as bytes, served unchanged (it has no rows of its own).
std::shared_ptr<const csv_content> make_raw_csv(std::string body);
/// The first `head_rows` rows of `head`, then every row of `tail`, under tail's header (late
/// data that repeats rows of an earlier file). Throws std::invalid_argument when the headers
/// differ or head has fewer rows.
std::shared_ptr<const csv_content> make_concat_csv(std::shared_ptr<const csv_content> head,
                                                   std::size_t head_rows,
                                                   std::shared_ptr<const csv_content> tail);

/// Reads a csv_content front to back in pieces of whole lines.
class csv_cursor {
public:
    explicit csv_cursor(std::shared_ptr<const csv_content> content);
    /// Appends whole lines to out until it holds at least `target` bytes or the content ends.
    /// Returns false when there was nothing left to append.
    bool next(std::string& out, std::size_t target);

private:
    std::shared_ptr<const csv_content> content_;
    bool header_done_ = false;
    std::size_t next_row_ = 0;
};

}  // namespace sfc::test::fake_sf
