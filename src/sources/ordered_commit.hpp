#pragma once
// The EventLogFile cursor of one poll whose files are collected several at once: files finish
// out of order, yet the cursor may only move past a file once it and every file before it are
// through. What the files after that one delivered goes in the cursor's `ahead` list, so a
// restart skips it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sources/elf_cursor.hpp"

namespace sfc::sources {

class ordered_commit {
public:
    struct file {
        std::string created_date;  ///< SOQL literal, as the cursor keeps it
        std::string id;
    };

    /// `start` is where the poll began; its row offsets (and files done ahead) apply to the
    /// listed files they name.
    ordered_commit(elf_cursor start, std::vector<file> files);

    /// File `i`'s first `rows` data rows (counted from the start of the file) are through.
    /// Returns true when that moved the cursor.
    bool rows(std::size_t i, std::uint64_t rows);
    /// File `i` is through entirely. Returns true when that moved the cursor.
    bool done(std::size_t i);

    /// After the last file of the unbroken run of finished files at the front of the list, with
    /// the rows through of the file after it and the progress of the files after that.
    const elf_cursor& cursor() const { return cursor_; }
    /// The rows through of file `i`.
    std::uint64_t rows_of(std::size_t i) const { return rows_[i]; }
    bool done_of(std::size_t i) const { return done_[i]; }
    std::size_t first_open() const { return first_open_; }

private:
    bool update();

    elf_cursor start_;
    std::vector<file> files_;
    std::vector<std::uint64_t> rows_;
    std::vector<bool> done_;
    std::size_t first_open_ = 0;
    elf_cursor cursor_;
};

}  // namespace sfc::sources
