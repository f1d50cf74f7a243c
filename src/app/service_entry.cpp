#include "app/service_entry.hpp"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "app/collector.hpp"
#include "platform/service.hpp"

namespace sfc::app {
namespace {

// A rotated log of 5 x 10 MiB holds weeks of a busy org's transitions and warnings.
constexpr std::size_t log_file_bytes = 10 * 1024 * 1024;
constexpr std::size_t log_files_kept = 5;

/// The service has no console: its log goes to a file an operator can follow with
/// Get-Content -Wait, rotated by size (sfcollector.1.log, ...).
void log_to_file() {
    const std::filesystem::path file = platform::service_log_file();
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    auto sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        file.string(), log_file_bytes, log_files_kept);
    auto logger = std::make_shared<spdlog::logger>("sfcollector", sink);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
    logger->flush_on(spdlog::level::trace);  // every line at once: an operator is tailing it
    spdlog::set_default_logger(logger);
}

}  // namespace

int run_service_command(const cli_options& opts) {
    platform::service_command_result result;
    switch (opts.action) {
        case service_action::install:
            result = platform::install_service(opts.config_given ? std::optional(opts.config_path)
                                                                 : std::nullopt);
            break;
        case service_action::uninstall:
            result = platform::uninstall_service();
            break;
        case service_action::start:
            result = platform::start_service();
            break;
        case service_action::stop:
            result = platform::stop_service();
            break;
        case service_action::status:
            result = platform::query_service();
            break;
    }
    (result.exit_code == 0 || opts.action == service_action::status ? std::cout : std::cerr)
        << "sfcollector: " << result.message << "\n";
    return result.exit_code;
}

int run_under_service_manager(const cli_options& opts) {
    auto event_log = platform::open_system_event_log();
    platform::service_hooks hooks;
    hooks.log = event_log.get();
    hooks.run = [&](platform::stop_handle& stop) {
        try {
            log_to_file();
        } catch (const std::exception& e) {
            event_log->write(platform::event_log_severity::error,
                             std::string("cannot open the log file: ") + e.what());
            return static_cast<int>(exit_failure);
        }
        platform::apply_service_settings();
        if (const std::string warning = platform::secure_data_folder(); !warning.empty()) {
            spdlog::warn("{}", warning);
        }
        return load_and_run(opts, &stop, event_log.get());
    };
    if (auto code = platform::run_as_service(hooks)) return *code;
    std::cerr << "sfcollector: run --service is for the service control manager; from a console "
                 "use: sfcollector run --config FILE\n";
    return exit_usage;
}

}  // namespace sfc::app
