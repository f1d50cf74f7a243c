#include "parse/csv_parser.hpp"

#include <array>
#include <cstring>

namespace sfc::parse {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Characters that end an unquoted cell.
constexpr std::array<bool, 256> make_unquoted_stop_table() {
    std::array<bool, 256> t{};
    t[','] = true;
    t['\n'] = true;
    t['\r'] = true;
    return t;
}
constexpr auto unquoted_stop = make_unquoted_stop_table();

std::size_t find_unquoted_stop(std::string_view s, std::size_t from) {
    while (from < s.size() && !unquoted_stop[static_cast<unsigned char>(s[from])]) ++from;
    return from;
}

}  // namespace

std::size_t csv_rows::record_bytes(std::size_t row) const {
    const std::size_t first = first_cell(row);
    const std::size_t begin = first == 0 ? 0 : cell_end_[first - 1];
    return row_end_[row] == first ? 0 : cell_end_[row_end_[row] - 1] - begin;
}

void csv_rows::clear() {
    data_.clear();
    cell_end_.clear();
    row_end_.clear();
}

std::size_t csv_rows::committed_bytes() const {
    const std::size_t cells = committed_cells();
    return cells == 0 ? 0 : cell_end_[cells - 1];
}

void csv_parser::feed(std::string_view chunk, csv_rows& out) {
    try {
        skip_bom(chunk, out);
        parse(chunk, out);
    } catch (...) {
        drop_uncommitted(out);
        throw;
    }
    if (in_record_ && !in_partial_) stash_partial(out);
}

void csv_parser::finish(csv_rows& out) {
    try {
        if (!bom_done_) {
            // Input shorter than a BOM that began like one: those bytes are data.
            bom_done_ = true;
            parse(utf8_bom.substr(0, bom_matched_), out);
        }
        switch (state_) {
            case state::quoted:
                fail("the input ends inside a quoted field (a missing closing quote?)");
            case state::quote_in_quoted:
            case state::unquoted:
                end_cell(out);
                end_record(out);
                break;
            case state::field_start:
                if (in_record_) {
                    end_cell(out);
                    end_record(out);
                }
                break;
        }
    } catch (...) {
        drop_uncommitted(out);
        throw;
    }
}

void csv_parser::skip_bom(std::string_view& chunk, csv_rows& out) {
    while (!bom_done_ && !chunk.empty()) {
        if (chunk.front() == utf8_bom[bom_matched_]) {
            chunk.remove_prefix(1);
            bom_done_ = ++bom_matched_ == utf8_bom.size();
        } else {
            bom_done_ = true;
            parse(utf8_bom.substr(0, bom_matched_), out);
        }
    }
}

void csv_parser::parse(std::string_view chunk, csv_rows& out) {
    std::size_t i = 0;
    while (i < chunk.size()) i = step(chunk, i, out);
}

// Consumes one run of cell bytes or one special character at chunk[i]; returns the next index.
std::size_t csv_parser::step(std::string_view chunk, std::size_t i, csv_rows& out) {
    switch (state_) {
        case state::field_start: {
            const char c = chunk[i];
            if ((c == '\n' || c == '\r') && !in_record_) return i + 1;  // an empty line
            in_record_ = true;
            if (c == '"') {
                if (const std::size_t next = whole_quoted_cell(chunk, i, out)) return next;
                count(1);
                state_ = state::quoted;
                return i + 1;
            }
            if (c == ',' || c == '\n' || c == '\r') return i + on_delimiter(c, out);
            state_ = state::unquoted;
            return i;
        }
        case state::unquoted: {
            const std::size_t stop = find_unquoted_stop(chunk, i);
            count(stop - i);
            data(out).append(chunk.data() + i, stop - i);
            return stop == chunk.size() ? stop : stop + on_delimiter(chunk[stop], out);
        }
        case state::quoted: {
            const void* q = std::memchr(chunk.data() + i, '"', chunk.size() - i);
            const std::size_t stop =
                q ? static_cast<std::size_t>(static_cast<const char*>(q) - chunk.data())
                  : chunk.size();
            count(stop - i);
            data(out).append(chunk.data() + i, stop - i);
            if (stop == chunk.size()) return stop;
            count(1);
            state_ = state::quote_in_quoted;
            return stop + 1;
        }
        case state::quote_in_quoted: {
            const char c = chunk[i];
            if (c == '"') {  // "" inside quotes: one literal quote
                count(1);
                data(out).push_back('"');
                state_ = state::quoted;
                return i + 1;
            }
            if (c == ',' || c == '\n' || c == '\r') return i + on_delimiter(c, out);
            ++anomalies_;  // text after the closing quote: keep it as part of the cell
            state_ = state::unquoted;
            return i;
        }
    }
    return chunk.size();
}

// Salesforce quotes every cell, so this is the cell nearly every time: "text" and a delimiter,
// all in this chunk. Taken in one step instead of four state changes; 0 for anything else (an
// escaped quote, the chunk's end), which the state machine then reads byte by byte.
std::size_t csv_parser::whole_quoted_cell(std::string_view chunk, std::size_t i, csv_rows& out) {
    const char* text = chunk.data() + i + 1;
    const void* q = std::memchr(text, '"', chunk.size() - i - 1);
    if (q == nullptr) return 0;
    const auto close = static_cast<std::size_t>(static_cast<const char*>(q) - chunk.data());
    if (close + 1 >= chunk.size()) return 0;
    const char after = chunk[close + 1];
    if (after != ',' && after != '\n' && after != '\r') return 0;
    count(close + 1 - i);  // both quotes and the text between them
    data(out).append(text, close - i - 1);
    return close + 1 + on_delimiter(after, out);
}

std::size_t csv_parser::on_delimiter(char c, csv_rows& out) {
    count(1);
    end_cell(out);
    if (c == ',') {
        state_ = state::field_start;
    } else {
        end_record(out);
    }
    return 1;
}

void csv_parser::count(std::size_t n) {
    record_bytes_ += n;
    if (record_bytes_ > max_record_bytes_) {
        fail("the record is larger than the " + std::to_string(max_record_bytes_) +
             "-byte limit (a missing closing quote?)");
    }
}

void csv_parser::end_cell(csv_rows& out) {
    cell_ends(out).push_back(data(out).size());
}

void csv_parser::end_record(csv_rows& out) {
    if (in_partial_) unstash_partial(out);
    out.row_end_.push_back(out.cell_end_.size());
    ++records_;
    in_record_ = false;
    record_bytes_ = 0;
    state_ = state::field_start;
}

// Copies at most what this feed() added to the record; a record that filled the whole of `out`
// changes hands without a copy.
void csv_parser::stash_partial(csv_rows& out) {
    const std::size_t bytes = out.committed_bytes();
    const std::size_t cells = out.committed_cells();
    partial_data_.clear();
    partial_cell_end_.clear();
    if (bytes == 0 && cells == 0) {
        partial_data_.swap(out.data_);
        partial_cell_end_.swap(out.cell_end_);
    } else {
        partial_data_.assign(out.data_, bytes);
        for (std::size_t k = cells; k < out.cell_end_.size(); ++k) {
            partial_cell_end_.push_back(out.cell_end_[k] - bytes);
        }
    }
    drop_uncommitted(out);
    in_partial_ = true;
}

void csv_parser::unstash_partial(csv_rows& out) {
    in_partial_ = false;
    if (out.data_.empty() && out.cell_end_.empty()) {
        out.data_.swap(partial_data_);
        out.cell_end_.swap(partial_cell_end_);
    } else {
        const std::size_t base = out.data_.size();
        out.data_ += partial_data_;
        for (std::size_t end : partial_cell_end_) out.cell_end_.push_back(base + end);
    }
    partial_data_.clear();
    partial_cell_end_.clear();
    // A huge record's buffer is not kept for the ordinary ones after it.
    constexpr std::size_t keep = 1u << 20;
    if (partial_data_.capacity() > keep) std::string().swap(partial_data_);
}

void csv_parser::drop_uncommitted(csv_rows& out) {
    out.data_.resize(out.committed_bytes());
    out.cell_end_.resize(out.committed_cells());
}

void csv_parser::fail(const std::string& what) const {
    throw csv_error("CSV record " + std::to_string(records_ + 1) + ": " + what);
}

}  // namespace sfc::parse
