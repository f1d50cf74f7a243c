#pragma once
// Streaming RFC 4180 CSV: bytes arrive in chunks of any size, records come out whole.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::parse {

/// Bad CSV input that cannot be parsed leniently; what() names the record number (1-based,
/// header included) and the problem.
class csv_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Complete records parsed so far, kept in one flat buffer (no allocation per cell).
class csv_rows {
public:
    std::size_t size() const { return row_end_.size(); }
    std::size_t field_count(std::size_t row) const { return row_end_[row] - first_cell(row); }
    /// The unescaped cell. Preconditions: row < size(), col < field_count(row). Inline: every
    /// cell of every row is read through here, twice (its id and its JSON).
    std::string_view field(std::size_t row, std::size_t col) const {
        const std::size_t cell = first_cell(row) + col;
        const std::size_t begin = cell == 0 ? 0 : cell_end_[cell - 1];
        return std::string_view(data_.data() + begin, cell_end_[cell] - begin);
    }
    /// Unescaped payload of one record, in bytes.
    std::size_t record_bytes(std::size_t row) const;
    /// Forgets the records; keeps the capacity for the next ones.
    void clear();
    /// Unescaped payload held, in bytes.
    std::size_t bytes() const { return data_.size(); }

private:
    friend class csv_parser;

    std::size_t first_cell(std::size_t row) const { return row == 0 ? 0 : row_end_[row - 1]; }
    std::size_t committed_cells() const { return row_end_.empty() ? 0 : row_end_.back(); }
    std::size_t committed_bytes() const;

    std::string data_;                   // every cell's bytes, back to back
    std::vector<std::size_t> cell_end_;  // end offset in data_ of each cell
    std::vector<std::size_t> row_end_;   // one past the index of each record's last cell
};

/// Parses comma-separated, double-quoted CSV leniently: never loses a byte of input.
/// - `""` inside quotes is one quote; newlines and commas inside quotes are kept.
/// - A record ends at `\n`, `\r\n` or a lone `\r` outside quotes; empty lines are skipped.
/// - A UTF-8 byte order mark at the very start is skipped.
/// - A quote inside an unquoted cell is kept as it is; text after a closing quote is appended to
///   the cell and counted in anomalies().
/// After a csv_error the parser is unusable; records completed before it stay in `out`.
class csv_parser {
public:
    static constexpr std::size_t default_max_record_bytes = 64u << 20;

    explicit csv_parser(std::size_t max_record_bytes = default_max_record_bytes)
        : max_record_bytes_(max_record_bytes) {}

    /// Parses `chunk`, appending every record it completes to `out`; keeps the partial last
    /// record for the next call. Memory held between calls is bounded by the longest record.
    /// Linear in the input: a record spanning many chunks is only appended to, never copied
    /// again per chunk. Throws csv_error as soon as a record exceeds the size limit.
    void feed(std::string_view chunk, csv_rows& out);
    /// End of input: completes a last record without a trailing newline. Throws csv_error if the
    /// input ends inside a quoted field.
    void finish(csv_rows& out);
    /// Records completed so far, header included.
    std::uint64_t records() const { return records_; }
    /// Cells with text after their closing quote (kept, but a sign of a malformed file).
    std::uint64_t anomalies() const { return anomalies_; }

private:
    enum class state { field_start, unquoted, quoted, quote_in_quoted };

    void skip_bom(std::string_view& chunk, csv_rows& out);
    void parse(std::string_view chunk, csv_rows& out);
    std::size_t step(std::string_view chunk, std::size_t i, csv_rows& out);
    std::size_t whole_quoted_cell(std::string_view chunk, std::size_t i, csv_rows& out);
    std::size_t on_delimiter(char c, csv_rows& out);
    void count(std::size_t n);
    void end_cell(csv_rows& out);
    void end_record(csv_rows& out);
    /// Where the current record's bytes and cell ends go: `out`, or the parser's own buffers
    /// once the record has outlived the feed() call it began in.
    std::string& data(csv_rows& out) { return in_partial_ ? partial_data_ : out.data_; }
    std::vector<std::size_t>& cell_ends(csv_rows& out) {
        return in_partial_ ? partial_cell_end_ : out.cell_end_;
    }
    /// End of a feed() inside a record that began in it: moves its bytes out of `out`.
    void stash_partial(csv_rows& out);
    /// The record is complete: hands its bytes over to `out`.
    void unstash_partial(csv_rows& out);
    void drop_uncommitted(csv_rows& out);
    [[noreturn]] void fail(const std::string& what) const;

    std::size_t max_record_bytes_;
    state state_ = state::field_start;
    bool in_record_ = false;        // the current record has begun (not an empty line)
    std::size_t record_bytes_ = 0;  // raw input bytes of the current record so far
    std::size_t bom_matched_ = 0;   // bytes of a leading BOM seen so far
    bool bom_done_ = false;
    std::uint64_t records_ = 0;
    std::uint64_t anomalies_ = 0;
    // The partial record between feed() calls: its bytes and its completed cells' end offsets.
    // Bytes of later chunks are appended here directly until the record ends.
    bool in_partial_ = false;
    std::string partial_data_;
    std::vector<std::size_t> partial_cell_end_;
};

}  // namespace sfc::parse
