#include "app/cli.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "app/collector.hpp"
#include "app/keygen_command.hpp"
#include "app/logging.hpp"
#include "app/service_entry.hpp"
#include "check/check_command.hpp"
#include "config/load.hpp"
#include "config/warnings.hpp"
#include "salesforce/duration_text.hpp"

namespace sfc::app {

namespace {

bool parse_service_action(const std::string& word, service_action& out) {
    static const std::pair<const char*, service_action> actions[] = {
        {"install", service_action::install},
        {"uninstall", service_action::uninstall},
        {"start", service_action::start},
        {"stop", service_action::stop},
        {"status", service_action::status}};
    for (const auto& [name, action] : actions) {
        if (word == name) {
            out = action;
            return true;
        }
    }
    return false;
}

}  // namespace

namespace {

bool is_help(const std::string& a) {
    return a == "--help" || a == "-h" || a == "help";
}

const std::pair<const char*, command> commands[] = {{"run", command::run},
                                                    {"once", command::once},
                                                    {"validate", command::validate},
                                                    {"check", command::check},
                                                    {"keygen", command::keygen},
                                                    {"service", command::service}};

/// The options after the command word; false with `error` set on a usage error.
bool parse_options(const std::vector<std::string>& args, cli_options& o, std::string& error) {
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool has_value = i + 1 < args.size();
        if (is_help(a)) {
            o.help_topic = args[0];
            o.cmd = command::help;
            return true;
        }
        if (a == "--config" || a == "-c") {
            if (!has_value) {
                error = a + " needs a file name";
                return false;
            }
            o.config_path = args[++i];
            o.config_given = true;
        } else if (a.rfind("--config=", 0) == 0) {
            o.config_path = a.substr(9);
            o.config_given = true;
        } else if (a == "--service" && o.cmd == command::run) {
            o.as_service = true;
        } else if (a == "--org" && o.cmd == command::check) {
            if (!has_value) {
                error = "--org needs the name of an org from the config";
                return false;
            }
            o.org = args[++i];
        } else if (a.rfind("--org=", 0) == 0 && o.cmd == command::check) {
            o.org = a.substr(6);
        } else {
            error = "unknown argument '" + a + "' for " + args[0] + " (see sfcollector " + args[0] +
                    " --help)";
            return false;
        }
    }
    return true;
}

}  // namespace

std::optional<cli_options> parse_cli(const std::vector<std::string>& args, std::string& error) {
    cli_options o;
    if (args.empty()) {
        error = "no command given";
        return std::nullopt;
    }
    const std::string& word = args[0];
    if (is_help(word)) {
        o.cmd = command::help;
        if (args.size() > 1) o.help_topic = args[1];
        return o;
    }
    if (word == "--version" || word == "-V" || word == "version") {
        o.cmd = command::version;
        return o;
    }
    bool known = false;
    for (const auto& [name, cmd] : commands) {
        if (word == name) {
            o.cmd = cmd;
            known = true;
        }
    }
    if (!known) {
        error = "unknown command '" + word + "'";
        return std::nullopt;
    }
    if (o.cmd == command::keygen) {
        // keygen has options of its own, parsed by keygen.
        o.rest.assign(args.begin() + 1, args.end());
        for (const auto& a : o.rest) {
            if (is_help(a)) {
                o.cmd = command::help;
                o.help_topic = "keygen";
            }
        }
        return o;
    }
    std::vector<std::string> options = args;
    if (o.cmd == command::service) {
        if (args.size() > 1 && is_help(args[1])) {
            o.cmd = command::help;
            o.help_topic = "service";
            return o;
        }
        if (args.size() < 2 || !parse_service_action(args[1], o.action)) {
            error = "service needs one of install, uninstall, start, stop, status";
            return std::nullopt;
        }
        options.erase(options.begin() + 1);
    }
    if (!parse_options(options, o, error)) return std::nullopt;
    return o;
}

namespace {

/// "settle 2m" when a source holds back recent records, else "".
std::string settle_text(std::chrono::seconds settle) {
    return settle.count() > 0 ? "settle " + salesforce::duration_text(settle) : "";
}

/// "https://x.my.salesforce.com as user@x (JWT bearer), EventLogFile Hourly (all types),
/// objects LoginHistory, LoginEvent (settle 2m)"
std::string describe(const config::org_config& org) {
    const auto& sf = org.salesforce;
    std::string out = sf.instance_url;
    if (sf.auth == config::auth_flow::client_credentials) {
        out += " (client credentials)";
    } else {
        out += " as " + sf.username + " (JWT bearer)";
    }
    const auto& elf = org.event_log_file;
    if (elf.enabled) {
        out += elf.interval == config::elf_interval::daily ? ", EventLogFile Daily"
                                                           : ", EventLogFile Hourly";
        out += elf.event_types.empty() ? " (all types"
                                       : " (" + std::to_string(elf.event_types.size()) + " types";
        if (elf.settle.count() > 0) out += ", " + settle_text(elf.settle);
        out += ")";
    }
    for (std::size_t i = 0; i < org.objects.size(); ++i) {
        const auto& object = org.objects[i];
        out += (i == 0 ? ", objects " : ", ") + object.name;
        if (object.settle.count() > 0) out += " (" + settle_text(object.settle) + ")";
    }
    return out;
}

void tell(platform::event_log* log,
          platform::event_log_severity severity,
          const std::string& text) {
    if (log) log->write(severity, text);
}

}  // namespace

int main_entry(const std::vector<std::string>& args) {
    std::string error;
    const auto opts = parse_cli(args, error);
    if (!opts) {
        std::cerr << "sfcollector: " << error << "\n\n" << usage_text(args.empty() ? "" : args[0]);
        return exit_usage;
    }
    if (opts->cmd == command::help) {
        std::cout << usage_text(opts->help_topic);
        return exit_ok;
    }
    if (opts->cmd == command::version) {
        std::cout << "sfcollector " << SFC_VERSION_STRING << "\n";
        return exit_ok;
    }
    if (opts->cmd == command::service) return run_service_command(*opts);
    if (opts->cmd == command::keygen) return run_keygen(opts->rest);
    if (opts->cmd == command::check) return check::run_check(opts->config_path, opts->org);
    if (opts->as_service) return run_under_service_manager(*opts);
    setup_early_logging();
    return load_and_run(*opts, nullptr, nullptr);
}

int load_and_run(const cli_options& opts, platform::stop_handle* stop, platform::event_log* log) {
    config::collector_config cfg;
    try {
        cfg = config::load_file(opts.config_path);
    } catch (const config::config_error& e) {
        spdlog::error("{}", e.what());
        tell(log, platform::event_log_severity::error, e.what());
        return exit_config;
    }
    // The Windows service (log given) keeps the file logger it set up; elsewhere the config says.
    if (log == nullptr && opts.cmd != command::validate) {
        try {
            setup_logging(cfg.logging);
        } catch (const std::exception& e) {
            spdlog::error("{}", e.what());
            return exit_config;
        }
    }
    const bool validating = opts.cmd == command::validate;
    const auto warnings = config::config_warnings(cfg);
    // validate shows every warning whatever log_level says; the start only what nothing else
    // logs, at the configured level.
    if (validating) {
        for (const auto& warning : warnings) spdlog::warn("{}", warning.text);
    }
    spdlog::set_level(to_spdlog(cfg.logging.level));
    if (!validating) {
        for (const auto& warning : warnings) {
            if (warning.at_start) spdlog::warn("{}", warning.text);
        }
    }
    if (validating) {
        std::cout << opts.config_path.string() << ": configuration is valid\n";
        return exit_ok;
    }
    spdlog::info("sfcollector {} starting: {} org(s), {} sink(s), state in {}",
                 SFC_VERSION_STRING,
                 cfg.orgs.size(),
                 cfg.sinks.size(),
                 cfg.state_dir.string());
    tell(log,
         platform::event_log_severity::information,
         fmt::format("sfcollector {} started: {} org(s), {} sink(s), config {}",
                     SFC_VERSION_STRING,
                     cfg.orgs.size(),
                     cfg.sinks.size(),
                     opts.config_path.string()));
    for (const auto& org : cfg.orgs) spdlog::info("org {}: {}", org.name, describe(org));
    sfc::system_clock clock;
    int code = exit_failure;
    try {
        code = run_collector(
            cfg, opts.cmd == command::once ? run_mode::once : run_mode::forever, clock, stop);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        tell(log, platform::event_log_severity::error, e.what());
        return exit_failure;
    }
    if (code == exit_ok)
        tell(log, platform::event_log_severity::information, "sfcollector stopped");
    return code;
}

}  // namespace sfc::app
