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
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (files_[i].id == start_.partial_id) rows_[i] = start_.partial_rows;
        for (const auto& a : start_.ahead) {
            if (a.id != files_[i].id) continue;
            rows_[i] = a.rows;
            done_[i] = a.done;
        }
    }
    while (first_open_ < files_.size() && done_[first_open_]) ++first_open_;
    update();
}

bool ordered_commit::rows(std::size_t i, std::uint64_t rows) {
    if (rows <= rows_[i]) return false;
    rows_[i] = rows;
    return !done_[i] && update();
}

bool ordered_commit::done(std::size_t i) {
    if (done_[i]) return false;
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
    next.ahead.clear();
    if (first_open_ < files_.size() && rows_[first_open_] > 0) {
        next.partial_id = files_[first_open_].id;
        next.partial_rows = rows_[first_open_];
    }
    for (std::size_t i = first_open_ + 1; i < files_.size(); ++i) {
        if (done_[i] || rows_[i] > 0) next.ahead.push_back({files_[i].id, rows_[i], done_[i]});
    }
    const bool moved = !(next == cursor_);
    cursor_ = std::move(next);
    return moved;
}

}  // namespace sfc::sources
