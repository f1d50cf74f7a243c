#pragma once
// The collector's own log, for the people who tail it: to stderr, where journald under systemd
// takes "<N>"-prefixed lines and stamps the time itself; as text or one JSON object per line;
// and, with log_file:, also to a file rotated by size.

#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include <memory>

#include "sfc/config.hpp"

namespace sfc::app {

/// Where our lines go, apart from the config: what platform::stderr_is_journal() says, and
/// whether there is a stderr at all.
struct log_environment {
    /// stderr is journald's stream: a "<N>" syslog priority on each line, no timestamp.
    bool journal = false;
    /// false where nobody reads stderr (the Windows service): then the file is the only log.
    bool use_stderr = true;

    /// This process's: journal when $JOURNAL_STREAM names our stderr.
    static log_environment detect();
};

/// log_level: trace/debug/info/warn/error as spdlog's levels.
spdlog::level::level_enum to_spdlog(config::log_level level);

/// How one line looks, for a sink:
///   text            2026-12-07T16:20:01.123+00:00 info org prod: logged in   (local time)
///   text, journal   <6>org prod: logged in                     (each line of the message)
///   json            {"timestamp":"2026-12-07T16:20:01.123Z","level":"info","org":"prod",
///                    "message":"logged in"}                     (UTC; "org" when the message
///                                                               starts with "org NAME: ")
///   json, journal   <6>{"timestamp":...}
std::unique_ptr<spdlog::formatter> make_formatter(config::log_format format, bool journal);

/// The logger setup_logging() installs, for a caller that installs it itself (the Windows
/// service, tests). Thread-safe; flushes every line. Throws std::runtime_error, one line naming
/// the file and the fix, when cfg.file cannot be opened.
std::shared_ptr<spdlog::logger> make_logger(const config::logging_config& cfg,
                                            const log_environment& env);

/// Before the config is read: info and up, as text on stderr (with priorities under journald),
/// so a config error reaches the operator.
void setup_early_logging(const log_environment& env = log_environment::detect());

/// From the config: level, format and the log file besides stderr, as spdlog's default logger.
/// Throws like make_logger(), leaving the logger in place (from setup_early_logging()) as it is.
void setup_logging(const config::logging_config& cfg,
                   const log_environment& env = log_environment::detect());

}  // namespace sfc::app
