#include "pipeline/dead_letter.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/chrono.h>
#include <stdexcept>

#include "util/json_escape.hpp"

namespace sfc::pipeline {

dead_letter_file::dead_letter_file(std::filesystem::path path, const sfc::clock& clock)
    : path_(std::move(path)), clock_(clock) {}

dead_letter_file::~dead_letter_file() {
    if (fd_ >= 0) ::close(fd_);
}

namespace {

[[noreturn]] void fail(const std::filesystem::path& p, const char* what, int err) {
    throw std::runtime_error("dead-letter file " + p.string() + ": " + what + ": " +
                             std::strerror(err) + " (fix pipeline.dead_letter_path or the disk)");
}

}  // namespace

void dead_letter_file::write(const std::string& sink_name,
                             std::span<const std::pair<const event*, std::string>> rejected) {
    if (rejected.empty()) return;
    if (fd_ < 0) {
        std::error_code ec;
        if (path_.has_parent_path()) std::filesystem::create_directories(path_.parent_path(), ec);
        fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (fd_ < 0) fail(path_, "cannot open", errno);
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
    std::string_view rest = lines;
    while (!rest.empty()) {
        const ssize_t n = ::write(fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(path_, "write failed", errno);
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fdatasync(fd_) != 0) fail(path_, "fdatasync failed", errno);
    count_ += rejected.size();
}

}  // namespace sfc::pipeline
