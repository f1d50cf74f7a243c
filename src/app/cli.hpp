#pragma once
// Command line: sfcollector <run|once|validate> [--config FILE], --help, --version.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sfc::app {

enum class command { run, once, validate, help, version };

struct cli_options {
    command cmd = command::help;
    std::filesystem::path config_path = "/etc/sfcollector/sfcollector.yaml";
};

/// Parses argv (without the program name); nullopt with `error` set on a usage error.
std::optional<cli_options> parse_cli(const std::vector<std::string>& args, std::string& error);

std::string usage_text();

/// The whole program: parse, load config, run. Returns the exit code.
int main_entry(const std::vector<std::string>& args);

}  // namespace sfc::app
