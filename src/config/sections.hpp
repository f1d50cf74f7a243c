#pragma once
// One reader per part of the config file; load.cpp puts them together.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "config/load.hpp"
#include "config/pem_check.hpp"
#include "config/yaml_reader.hpp"
#include "platform/file.hpp"
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
/// What read_input_file checks of a file: `what` completes "give the path of ...", e.g. "a PEM
/// CA bundle"; at most `limit` bytes; and with `pem`, the content the TLS code will need.
struct input_file_kind {
    std::string_view what;
    std::uint64_t limit = platform::max_key_file_size;
    std::optional<pem_kind> pem;
};
inline constexpr input_file_kind ca_bundle_file{
    "a PEM CA bundle", platform::max_ca_file_size, pem_kind::certificates};
inline constexpr input_file_kind secret_file{
    "a file holding the secret on its first line", platform::max_secret_file_size, std::nullopt};

/// read_path for a file the collector will open (CA bundle, certificate, key, secret): with
/// check_files on it must be a readable regular file as `kind` says, read without blocking.
std::optional<path_value> read_input_file(const section_context& context,
                                          const field& at,
                                          const input_file_kind& kind);

/// With check_files: `dir` (named by `at`) is a folder this process may write to, or the nearest
/// existing folder above it is, so the start can create it. `what` names the setting in the fix
/// ("point state_dir at a folder ...").
void check_usable_directory(const section_context& context,
                            const field& at,
                            const path_value& dir,
                            std::string_view what);

/// With check_files: `file` (named by `at`, written by the collector: a sink's file, the log, the
/// dead letters) is not a folder, and its folder is usable as in check_usable_directory. `what`
/// names the setting in the fix.
void check_output_file(const section_context& context,
                       const field& at,
                       const path_value& file,
                       std::string_view what);

/// The two keys that name a secret, and a variable name for examples in messages.
struct secret_keys {
    std::string_view file_key;     ///< e.g. "secret_file"
    std::string_view env_key;      ///< e.g. "secret_env"
    std::string_view example_env;  ///< e.g. "ES_PASSWORD"
    /// A token sent as is in a header (the HEC token): a space in it is refused too.
    bool header_token = false;
};
/// Reads the secret now: the variable through the loader's environment (set and non-empty), the
/// file's first line through util::read_secret. Errors name the key's line; never echoes it.
std::string read_secret_now(const yaml_reader& reader, const field& at, const secret_ref& ref);
/// The file (readable, with check_files) or the variable's name, not both; empty when neither
/// is given. The secret itself is not read here.
secret_ref read_secret_ref(const section_context& context,
                           const mapping& section,
                           const secret_keys& keys);

/// `salesforce:` and `orgs:` (exactly one of them), each org with its own `event_log_file:` and
/// `objects:` or else the top-level ones. `top` is the document's mapping.
std::vector<org_config> read_orgs(const section_context& context, const mapping& top);
/// One org's connection: `salesforce:` or `orgs[i].salesforce:`.
salesforce_config read_salesforce(const section_context& context, const field& at);
event_log_file_config read_event_log_file(const yaml_reader& reader, const field& at);
/// `objects:`: the SOQL object sources of one org, filled in from the built-in catalogue.
std::vector<object_source_config> read_objects(const yaml_reader& reader, const field& at);
collection_config read_collection(const yaml_reader& reader, const field& at);
/// `sinks:` (a list) or its one-sink shorthand `sink:`; neither → one stdout sink.
std::vector<sink_config> read_sinks(const section_context& context,
                                    const std::optional<field>& list,
                                    const std::optional<field>& single);
/// `log_level`, `log_format` and `log_file` from the document's mapping.
void read_logging(const section_context& context, const mapping& top, logging_config& out);
/// `metrics:`.
metrics_config read_metrics(const yaml_reader& reader, const field& at);
/// `pipeline:`; the dead-letter path stays empty unless given (load.cpp fills it from state_dir).
pipeline_config read_pipeline(const section_context& context, const field& at);

}  // namespace sfc::config
