#pragma once
// Command line: sfcollector <run|once|validate|check|keygen> [options],
// sfcollector service <action>, --help, --version; `<command> --help` for one command's options.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "platform/event_log.hpp"
#include "platform/paths.hpp"
#include "platform/stop_handle.hpp"

namespace sfc::app {

enum class command { run, once, validate, check, keygen, service, help, version };

enum class service_action { install, uninstall, start, stop, status };

struct cli_options {
    command cmd = command::help;
    std::filesystem::path config_path = platform::default_config_file();
    bool config_given = false;
    service_action action = service_action::status;  ///< for command::service
    bool as_service = false;  ///< run --service: started by the Windows service control manager
    std::string org;          ///< check --org NAME: only this org
    /// keygen: the arguments after the command word, parsed by keygen itself.
    std::vector<std::string> rest;
    /// `<command> --help`: print that command's help (help_topic), or the overview when empty.
    std::string help_topic;
};

/// Parses argv (without the program name); nullopt with `error` set on a usage error.
std::optional<cli_options> parse_cli(const std::vector<std::string>& args, std::string& error);

/// The overview; usage_text("run") and the like for one command.
std::string usage_text(const std::string& topic = "");

/// The whole program: parse, load config, run. Returns the exit code.
int main_entry(const std::vector<std::string>& args);

/// Loads the config and runs `opts.cmd` (run, once, validate). `stop` lets the Windows service
/// control manager stop a run; start, stop and fatal errors also go to `log` when given.
int load_and_run(const cli_options& opts, platform::stop_handle* stop, platform::event_log* log);

}  // namespace sfc::app
