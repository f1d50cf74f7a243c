#pragma once
// Events a sink refused for good (a mapping error, invalid data, over the size limit), kept as
// JSON lines with the sink and the reason, so none is dropped silently and none blocks the rest.

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "platform/file.hpp"
#include "sfc/clock.hpp"
#include "sfc/event.hpp"

namespace sfc::pipeline {

class dead_letter_file {
public:
    dead_letter_file(std::filesystem::path path, const sfc::clock& clock);
    dead_letter_file(const dead_letter_file&) = delete;
    dead_letter_file& operator=(const dead_letter_file&) = delete;

    /// Appends one line per (event, reason) and syncs the file. Throws std::runtime_error naming
    /// the file when it cannot be written (the caller retries: nothing is lost).
    void write(const std::string& sink_name,
               std::span<const std::pair<const event*, std::string>> rejected);

    std::uint64_t count() const { return count_; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    const sfc::clock& clock_;
    platform::file file_;
    std::uint64_t count_ = 0;
};

}  // namespace sfc::pipeline
