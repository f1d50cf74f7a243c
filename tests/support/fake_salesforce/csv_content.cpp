#include "fake_salesforce/csv_content.hpp"

#include <algorithm>
#include <stdexcept>

namespace sfc::test::fake_sf {
namespace {

class table_csv final : public csv_content {
public:
    explicit table_csv(csv_table table) : table_(std::move(table)) {}

    void append_header(std::string& out) const override { append_csv_line(out, table_.header); }
    std::size_t row_count() const override { return table_.rows.size(); }
    void append_row(std::string& out, std::size_t row) const override {
        append_csv_line(out, table_.rows[row]);
    }

    std::vector<std::string> request_ids() const override {
        std::vector<std::string> out;
        std::size_t column = 0;
        while (column < table_.header.size() && table_.header[column] != "REQUEST_ID") ++column;
        if (column == table_.header.size()) return out;
        for (const auto& row : table_.rows) {
            out.push_back(column < row.size() ? row[column] : std::string{});
        }
        return out;
    }

private:
    csv_table table_;
};

}  // namespace

void append_csv_cell(std::string& out, std::string_view cell) {
    out += '"';
    for (const char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_line(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) out += ',';
        append_csv_cell(out, cells[i]);
    }
    out += '\n';
}

std::uint64_t csv_content::byte_length() const {
    std::string scratch;
    append_header(scratch);
    std::uint64_t total = scratch.size();
    const std::size_t rows = row_count();
    for (std::size_t row = 0; row < rows; ++row) {
        scratch.clear();
        append_row(scratch, row);
        total += scratch.size();
    }
    return total;
}

std::shared_ptr<const csv_content> make_table_csv(csv_table table) {
    return std::make_shared<table_csv>(std::move(table));
}

namespace {

class raw_csv final : public csv_content {
public:
    explicit raw_csv(std::string body) : body_(std::move(body)) {}
    void append_header(std::string& out) const override { out += body_; }
    std::size_t row_count() const override { return 0; }
    void append_row(std::string&, std::size_t) const override {}
    std::vector<std::string> request_ids() const override { return {}; }

private:
    std::string body_;
};

}  // namespace

std::shared_ptr<const csv_content> make_raw_csv(std::string body) {
    return std::make_shared<raw_csv>(std::move(body));
}

namespace {

class concat_csv final : public csv_content {
public:
    concat_csv(std::shared_ptr<const csv_content> head,
               std::size_t head_rows,
               std::shared_ptr<const csv_content> tail)
        : head_(std::move(head)), head_rows_(head_rows), tail_(std::move(tail)) {}

    void append_header(std::string& out) const override { tail_->append_header(out); }
    std::size_t row_count() const override { return head_rows_ + tail_->row_count(); }
    void append_row(std::string& out, std::size_t row) const override {
        if (row < head_rows_) return head_->append_row(out, row);
        tail_->append_row(out, row - head_rows_);
    }
    std::vector<std::string> request_ids() const override {
        std::vector<std::string> out = head_->request_ids();
        out.resize(std::min(out.size(), head_rows_));
        const std::vector<std::string> tail = tail_->request_ids();
        out.insert(out.end(), tail.begin(), tail.end());
        return out;
    }

private:
    std::shared_ptr<const csv_content> head_;
    std::size_t head_rows_;
    std::shared_ptr<const csv_content> tail_;
};

std::string header_of(const csv_content& content) {
    std::string out;
    content.append_header(out);
    return out;
}

}  // namespace

std::shared_ptr<const csv_content> make_concat_csv(std::shared_ptr<const csv_content> head,
                                                   std::size_t head_rows,
                                                   std::shared_ptr<const csv_content> tail) {
    if (header_of(*head) != header_of(*tail) || head->row_count() < head_rows) {
        throw std::invalid_argument(
            "fake_salesforce: repeated rows need an original with the same columns and enough "
            "rows");
    }
    return std::make_shared<concat_csv>(std::move(head), head_rows, std::move(tail));
}

csv_cursor::csv_cursor(std::shared_ptr<const csv_content> content) : content_(std::move(content)) {}

bool csv_cursor::next(std::string& out, std::size_t target) {
    const std::size_t before = out.size();
    if (!header_done_) {
        content_->append_header(out);
        header_done_ = true;
    }
    const std::size_t rows = content_->row_count();
    while (next_row_ < rows && out.size() < target) content_->append_row(out, next_row_++);
    return out.size() > before;
}

}  // namespace sfc::test::fake_sf
