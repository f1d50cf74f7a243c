#include "app/cli.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "app/collector.hpp"
#include "app/service_entry.hpp"
#include "config/load.hpp"
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

std::optional<cli_options> parse_cli(const std::vector<std::string>& args, std::string& error) {
    cli_options o;
    if (args.empty()) {
        error = "no command given";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h" || a == "help") {
            o.cmd = command::help;
            return o;
        }
        if (a == "--version" || a == "-V" || a == "version") {
            o.cmd = command::version;
            return o;
        }
        if (a == "--config" || a == "-c") {
            if (i + 1 >= args.size()) {
                error = a + " needs a file name";
                return std::nullopt;
            }
            o.config_path = args[++i];
            o.config_given = true;
        } else if (a.rfind("--config=", 0) == 0) {
            o.config_path = a.substr(9);
            o.config_given = true;
        } else if (a == "--service" && o.cmd == command::run && i > 0) {
            o.as_service = true;
        } else if (i == 0 && a == "service") {
            o.cmd = command::service;
            if (i + 1 >= args.size() || !parse_service_action(args[i + 1], o.action)) {
                error = "service needs one of install, uninstall, start, stop, status";
                return std::nullopt;
            }
            ++i;
        } else if (i == 0 && a == "run") {
            o.cmd = command::run;
        } else if (i == 0 && a == "once") {
            o.cmd = command::once;
        } else if (i == 0 && a == "validate") {
            o.cmd = command::validate;
        } else {
            error = "unknown argument '" + a + "'";
            return std::nullopt;
        }
    }
    return o;
}

std::string usage_text() {
    return "Usage: sfcollector <command> [--config FILE]\n"
           "       sfcollector service <install|uninstall|start|stop|status> [--config FILE]\n"
           "\n"
           "Collects Salesforce security event logs (EventLogFile, security objects) from one or\n"
           "more orgs and forwards them to sinks.\n"
           "\n"
           "Commands:\n"
           "  run        poll on the configured schedule until SIGTERM or SIGINT\n"
           "  once       collect everything new once, then exit\n"
           "  validate   check the configuration and the private key, then exit\n"
           "             (exit 0 when valid, 78 otherwise)\n"
           "  service    Windows: install (automatic start, with --config), uninstall, start,\n"
           "             stop or show the status of the sfcollector service\n"
           "\n"
           "Options:\n"
           "  -c, --config FILE  configuration file (default " +
           platform::default_config_file().string() +
           ")\n"
           "  -h, --help         this text\n"
           "  -V, --version      the version\n"
           "\n"
           "Exit codes: 0 success, 1 a pass or a sink failed, 64 usage error, 78 configuration "
           "error.\n";
}

namespace {

spdlog::level::level_enum to_spdlog(config::log_level l) {
    switch (l) {
        case config::log_level::trace:
            return spdlog::level::trace;
        case config::log_level::debug:
            return spdlog::level::debug;
        case config::log_level::info:
            return spdlog::level::info;
        case config::log_level::warn:
            return spdlog::level::warn;
        case config::log_level::error:
            return spdlog::level::err;
    }
    return spdlog::level::info;
}

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

/// Our own diagnostics go to stderr (journald under systemd); stdout is left to the stdout sink.
void setup_logging() {
    auto logger = spdlog::stderr_logger_st("sfcollector");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
    spdlog::set_default_logger(logger);
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
        std::cerr << "sfcollector: " << error << "\n\n" << usage_text();
        return exit_usage;
    }
    if (opts->cmd == command::help) {
        std::cout << usage_text();
        return exit_ok;
    }
    if (opts->cmd == command::version) {
        std::cout << "sfcollector " << SFC_VERSION_STRING << "\n";
        return exit_ok;
    }
    if (opts->cmd == command::service) return run_service_command(*opts);
    if (opts->as_service) return run_under_service_manager(*opts);
    setup_logging();
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
    spdlog::set_level(to_spdlog(cfg.level));
    if (opts.cmd == command::validate) {
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
