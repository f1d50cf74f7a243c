#pragma once
// One reader per part of the config file; load.cpp puts them together.

#include <filesystem>
#include <optional>
#include <vector>

#include "config/load.hpp"
#include "config/yaml_reader.hpp"
#include "sfc/config.hpp"

namespace sfc::config {

/// What every section reader needs besides its own YAML.
struct section_context {
    const yaml_reader& reader;
    std::filesystem::path base_dir;  ///< the config file's folder, for relative paths
    load_options options;
};

/// A path from the file, resolved against the config file's folder.
struct path_value {
    std::filesystem::path path;
    bool from_env = false;  ///< never echo it then
};
std::optional<path_value> read_path(const section_context& context, const field& at);

/// `salesforce:`; `at` is the section (absent → error naming the five required values).
salesforce_config read_salesforce(const section_context& context, const std::optional<field>& at);
event_log_file_config read_event_log_file(const yaml_reader& reader, const field& at);
collection_config read_collection(const yaml_reader& reader, const field& at);
/// `sinks:` (a list) or its one-sink shorthand `sink:`; neither → one stdout sink.
std::vector<sink_config> read_sinks(const section_context& context,
                                    const std::optional<field>& list,
                                    const std::optional<field>& single);

}  // namespace sfc::config
