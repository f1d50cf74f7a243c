#include "check/file_sink_step.hpp"

#include <system_error>

#include "platform/file.hpp"

namespace sfc::check {
namespace {

constexpr std::string_view run_as_hint =
    "; fix the permissions for the user the collector runs as (run the check as that user)";

/// The folder the sink will create the file in, or the nearest one that exists (the sink
/// creates the missing ones).
std::filesystem::path nearest_folder(const std::filesystem::path& file) {
    std::filesystem::path dir = file.parent_path();
    if (dir.empty()) return ".";
    std::error_code ec;
    while (!std::filesystem::exists(dir, ec) && dir.has_parent_path() && dir != dir.parent_path()) {
        dir = dir.parent_path();
    }
    return dir;
}

}  // namespace

verdict check_file_sink(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return failed(name + " is a folder; give the sink's path as a file in it", check_config);
    }
    if (std::filesystem::exists(path, ec)) {
        // Opening for append changes nothing in an existing file.
        platform::file f = platform::file::open(path, platform::open_mode::append, ec);
        if (ec) {
            return failed(
                name + ": cannot open it for appending: " + ec.message() + std::string(run_as_hint),
                check_failed);
        }
        return passed("the file exists and can be appended to");
    }
    const std::filesystem::path dir = nearest_folder(path);
    if (const auto err = platform::check_writable_directory(dir)) {
        return failed(name + " cannot be created: " + dir.string() +
                          " is not writable: " + err.message() + std::string(run_as_hint),
                      check_failed);
    }
    return passed("the file will be created (" + dir.string() + " is writable)");
}

}  // namespace sfc::check
