#include "sources/ordered_commit.hpp"

#include <algorithm>
#include <utility>

namespace sfc::sources {

ordered_commit::ordered_commit(elf_cursor start, std::vector<file> files)
    : start_(std::move(start)),
      files_(std::move(files)),
      rows_(files_.size(), 0),
      done_(files_.size(), false),
      cursor_(start_) {
    if (!files_.empty() && start_.partial_id == files_.front().id) {
        rows_.front() = start_.partial_rows;
    }
}

bool ordered_commit::rows(std::size_t i, std::uint64_t rows) {
    rows_[i] = std::max(rows_[i], rows);
    return i == first_open_ && update();
}

bool ordered_commit::done(std::size_t i) {
    done_[i] = true;
    while (first_open_ < files_.size() && done_[first_open_]) ++first_open_;
    return update();
}

bool ordered_commit::update() {
    elf_cursor next = start_;
    if (first_open_ > 0) {
        const file& last = files_[first_open_ - 1];
        next = elf_cursor{last.created_date, last.id, "", 0};
    }
    if (first_open_ < files_.size() && rows_[first_open_] > 0) {
        next.partial_id = files_[first_open_].id;
        next.partial_rows = rows_[first_open_];
    }
    const bool moved = next.created_date != cursor_.created_date || next.id != cursor_.id ||
                       next.partial_id != cursor_.partial_id ||
                       next.partial_rows != cursor_.partial_rows;
    cursor_ = std::move(next);
    return moved;
}

}  // namespace sfc::sources
