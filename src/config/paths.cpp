// Paths in the config resolve against the config file's folder, not the daemon's working
// directory, so a config means the same thing however the service is started.

#include <fstream>

#include "config/sections.hpp"

namespace sfc::config {
namespace {

/// Opening the file now turns a wrong path into a start-up error on the line that named it,
/// instead of a failure at the first connection.
void check_readable(const section_context& context,
                    const field& at,
                    const path_value& file,
                    std::string_view what) {
    std::error_code ec;
    bool regular = std::filesystem::is_regular_file(file.path, ec);
    std::ifstream stream(file.path);
    if (regular && stream) return;
    std::string shown = file.from_env ? "the file" : "'" + file.path.string() + "'";
    context.reader.fail(at,
                        "cannot read " + shown + " (missing, not a file, or no permission)",
                        "give the path of " + std::string(what) +
                            " the sfcollector user can read (relative paths start from the "
                            "config file's folder)");
}

}  // namespace

std::optional<path_value> read_path(const section_context& context, const field& at) {
    auto text = context.reader.read_text(at);
    if (!text) return std::nullopt;
    std::filesystem::path path(text->value);
    if (path.is_relative()) path = context.base_dir / path;
    return path_value{path.lexically_normal(), text->from_env};
}

std::optional<path_value> read_input_file(const section_context& context,
                                          const field& at,
                                          std::string_view what) {
    auto file = read_path(context, at);
    if (file && context.options.check_files) check_readable(context, at, *file, what);
    return file;
}

}  // namespace sfc::config
