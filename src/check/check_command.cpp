#include "check/check_command.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

#include "check/certificate_step.hpp"
#include "check/key_step.hpp"
#include "check/org_probe.hpp"
#include "check/report.hpp"
#include "check/sink_probe.hpp"
#include "config/load.hpp"

namespace sfc::check {
namespace {

/// The report owns stdout; what the clients log (retries) goes to stderr, warnings and up.
void log_to_stderr() {
    auto logger = std::make_shared<spdlog::logger>(
        "sfcollector", std::make_shared<spdlog::sinks::stderr_sink_st>());
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
    logger->set_level(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
}

/// The key files get steps of their own, so an unreadable key is check_refused rather than a
/// configuration error; the other files are read by the step that uses them.
std::optional<config::collector_config> load(const std::filesystem::path& path, report& out) {
    try {
        config::load_options options;
        options.check_files = false;
        return config::load_file(path, config::process_env(), options);
    } catch (const config::config_error& e) {
        // One line per problem, every section's.
        std::istringstream lines(e.what());
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) out.add("config", failed(line, check_config));
        }
        return std::nullopt;
    }
}

std::vector<const config::org_config*> select_orgs(const config::collector_config& cfg,
                                                   const std::string& name,
                                                   report& out) {
    std::vector<const config::org_config*> chosen;
    std::string names;
    for (const auto& org : cfg.orgs) {
        if (name.empty() || org.name == name) chosen.push_back(&org);
        names += (names.empty() ? "" : ", ") + org.name;
    }
    if (chosen.empty()) {
        out.add("config",
                failed("--org " + name + ": " + cfg.source_path.string() +
                           " has no org of that name; its orgs are: " + names,
                       check_config));
    }
    return chosen;
}

void check_org(const config::org_config& org, report& out) {
    const auto& sf = org.salesforce;
    bool can_log_in = true;
    if (sf.auth == config::auth_flow::jwt_bearer) {
        const key_step_result key = check_key(sf);
        out.add("key", key.outcome);
        can_log_in = key.key.has_value();
        if (!sf.certificate.empty()) {
            out.add("certificate",
                    check_certificate(sf.certificate,
                                      key.key ? &*key.key : nullptr,
                                      std::chrono::system_clock::now()));
        }
    }
    try {
        run_org_probe(org, can_log_in, out);
    } catch (const std::exception& e) {
        out.add("salesforce", failed(e.what(), check_failed));
    }
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

int run_check(const std::filesystem::path& config_path, const std::string& org) {
    log_to_stderr();
    report out(std::cout);
    const auto cfg = load(config_path, out);
    if (!cfg) return out.exit_code();
    const auto orgs = select_orgs(*cfg, org, out);
    if (orgs.empty()) return out.exit_code();
    out.add("config",
            passed(config_path.string() + " is valid (" + plural(cfg->orgs.size(), "org") + ", " +
                   plural(cfg->sinks.size(), "sink") + ")"));
    for (const auto* o : orgs) {
        out.set_prefix(cfg->orgs.size() > 1 ? "[" + o->name + "] " : "");
        check_org(*o, out);
    }
    out.set_prefix("");
    try {
        run_sink_probes(cfg->sinks, out);
    } catch (const std::exception& e) {
        out.add("sinks", failed(e.what(), check_failed));
    }
    return out.exit_code();
}

}  // namespace sfc::check
