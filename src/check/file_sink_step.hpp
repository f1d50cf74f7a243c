#pragma once
// The file sink step: the collector's user can append to the file, or create it (and the
// folders the sink makes on its own) in the nearest existing folder.

#include <filesystem>

#include "check/report.hpp"

namespace sfc::check {

verdict check_file_sink(const std::filesystem::path& path);

}  // namespace sfc::check
