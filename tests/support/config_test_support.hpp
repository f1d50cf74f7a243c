#pragma once
// Shared by the config tests: the file name messages cite, an environment from a map, the five
// Salesforce values as YAML, loading text that must fail, and the one org of a one-org config.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "config/load.hpp"

namespace sfc::config::test_support {

inline const std::filesystem::path config_name = "/etc/sfcollector/sfcollector.yaml";

inline env_lookup env_of(std::map<std::string, std::string> vars = {}) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

/// Lines 1 to 6 of a config: the five values.
inline const std::string salesforce_block = R"(salesforce:
  private_key: keys/server.pem
  username: integration@example.com
  client_id: 3MVG9abc
  instance_url: https://company.my.salesforce.com
  api_version: "64.0"
)";

/// The one org of a config written with `salesforce:` (named "default").
inline const org_config& only_org(const collector_config& config) {
    EXPECT_EQ(config.orgs.size(), 1u);
    return config.orgs.at(0);
}

/// Loads `yaml` as config_name, without checking files.
inline collector_config load_text(std::string_view yaml,
                                  std::map<std::string, std::string> vars = {}) {
    return load_string(
        yaml, config_name, env_of(std::move(vars)), load_options{.check_files = false});
}

/// The message of the config_error `yaml` must cause.
inline std::string error_text(std::string_view yaml, std::map<std::string, std::string> vars = {}) {
    try {
        load_text(yaml, std::move(vars));
    } catch (const config_error& e) {
        return e.what();
    }
    ADD_FAILURE() << "no config_error for:\n" << yaml;
    return {};
}

/// "<file>:<line>: <field>: ", the start of every message about a field.
inline std::string at(int line, std::string_view field) {
    return config_name.string() + ":" + std::to_string(line) + ": " + std::string(field) + ": ";
}

}  // namespace sfc::config::test_support

/// For a test whose expectations spell POSIX absolute paths ("/etc/sfcollector/server.pem"): on
/// Windows such a path has no drive and resolves against the config's, so the Windows build skips
/// it; config_windows_paths_test covers drive-letter paths there.
#ifdef _WIN32
#define SFC_POSIX_PATHS_ONLY() GTEST_SKIP() << "expects POSIX absolute paths"
#else
#define SFC_POSIX_PATHS_ONLY() static_cast<void>(0)
#endif
