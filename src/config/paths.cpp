// Paths in the config resolve against the config file's folder, not the daemon's working
// directory, so a config means the same thing however the service is started.

#include "config/sections.hpp"

namespace sfc::config {

std::optional<path_value> read_path(const section_context& context, const field& at) {
    auto text = context.reader.read_text(at);
    if (!text) return std::nullopt;
    std::filesystem::path path(text->value);
    if (path.is_relative()) path = context.base_dir / path;
    return path_value{path.lexically_normal(), text->from_env};
}

}  // namespace sfc::config
