#include "pipeline/dead_letter.hpp"

#include <fmt/chrono.h>
#include <stdexcept>

#include "platform/directories.hpp"
#include "util/json_escape.hpp"

namespace sfc::pipeline {

dead_letter_file::dead_letter_file(std::filesystem::path path, const sfc::clock& clock)
    : path_(std::move(path)), clock_(clock) {}

namespace {

[[noreturn]] void fail(const std::filesystem::path& p,
                       const char* what,
                       const std::error_code& err) {
    throw std::runtime_error("dead-letter file " + p.string() + ": " + what + ": " + err.message() +
                             " (fix pipeline.dead_letter_path or the disk)");
}

}  // namespace

void dead_letter_file::write(const std::string& sink_name,
                             std::span<const std::pair<const event*, std::string>> rejected) {
    if (rejected.empty()) return;
    if (!file_.is_open()) {
        std::error_code ec;
        if (path_.has_parent_path()) {
            platform::create_directories_private(path_.parent_path(), ec);
            if (ec) fail(path_, "cannot create its directory", ec);
        }
        file_ = platform::file::open(path_, platform::open_mode::append, ec, 0640);
        if (ec) fail(path_, "cannot open", ec);
    }
    const auto now = std::chrono::floor<std::chrono::milliseconds>(clock_.now());
    const std::string time = fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
    std::string lines;
    for (const auto& [e, reason] : rejected) {
        lines += "{\"time\":";
        util::append_json_string(lines, time);
        lines += ",\"sink\":";
        util::append_json_string(lines, sink_name);
        lines += ",\"reason\":";
        util::append_json_string(lines, reason);
        lines += ",\"event_id\":";
        util::append_json_string(lines, e->id);
        lines += ",\"event\":";
        lines += e->json.empty() ? std::string("null") : e->json;
        lines += "}\n";
    }
    if (auto err = file_.write_all(lines)) fail(path_, "write failed", err);
    if (auto err = file_.sync()) fail(path_, "fdatasync failed", err);
    count_ += rejected.size();
}

}  // namespace sfc::pipeline
