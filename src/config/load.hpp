#pragma once
// Reads and validates the collector's YAML config (config/sfcollector.yaml is the commented
// example). Every problem an operator can cause is one config_error line naming the file, line,
// field and the fix; values from environment variables never appear in it.

#include <filesystem>
#include <string_view>

#include "config/config_error.hpp"
#include "config/env_expand.hpp"
#include "sfc/config.hpp"

namespace sfc::config {

struct load_options {
    /// Also open the files the config names: the private key must be a readable RSA key (read
    /// with its passphrase, from its file or variable), and ca_file and secret files readable.
    /// Off for checking a config on another machine, and in tests.
    bool check_files = true;
};

/// Reads `path`. Relative paths inside resolve against the file's folder.
collector_config load_file(const std::filesystem::path& path,
                           const env_lookup& env = process_env(),
                           load_options options = {});

/// As load_file, from text; `name` stands for the file in messages and its folder anchors
/// relative paths.
collector_config load_string(std::string_view yaml,
                             const std::filesystem::path& name,
                             const env_lookup& env,
                             load_options options = {});

}  // namespace sfc::config
