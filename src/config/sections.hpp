#pragma once
// One reader per part of the config file; load.cpp puts them together.

#include <filesystem>
#include <optional>
#include <string_view>
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
/// read_path for a file the collector will open (CA bundle, certificate, key, secret): with
/// check_files on it must be a readable regular file. `what` completes "give the path of ...",
/// e.g. "a PEM CA bundle".
std::optional<path_value> read_input_file(const section_context& context,
                                          const field& at,
                                          std::string_view what);

/// `salesforce:`; `at` is the section (absent → error naming the five required values).
salesforce_config read_salesforce(const section_context& context, const std::optional<field>& at);
event_log_file_config read_event_log_file(const yaml_reader& reader, const field& at);
collection_config read_collection(const yaml_reader& reader, const field& at);
/// `sinks:` (a list) or its one-sink shorthand `sink:`; neither → one stdout sink.
std::vector<sink_config> read_sinks(const section_context& context,
                                    const std::optional<field>& list,
                                    const std::optional<field>& single);
/// `pipeline:`; the dead-letter path stays empty unless given (load.cpp fills it from state_dir).
pipeline_config read_pipeline(const section_context& context, const field& at);

}  // namespace sfc::config
