#pragma once
// The whole collector for one org: wiring of token provider, REST client, sources, pipeline and
// sinks, the poll schedule, and the stop funnel. Beast and Asio stay in the .cpp.

#include "platform/stop_handle.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"

namespace sfc::app {

enum class run_mode {
    forever,  ///< poll on the schedule until SIGTERM/SIGINT
    once,     ///< one pass, then exit
};

/// Exit codes, as sysexits(3) where one fits.
enum exit_code : int {
    exit_ok = 0,
    exit_failure = 1,    ///< a pass failed (once), or a sink refused events for good
    exit_usage = 64,     ///< EX_USAGE
    exit_io_error = 74,  ///< EX_IOERR: `once` could not save a cursor in the state directory
    exit_config = 78,    ///< EX_CONFIG: restarting will not help
};

/// Runs the collector; returns the process exit code. SIGTERM and SIGINT (Ctrl-C, Ctrl-Break on
/// Windows), or a request through `external` (the service control manager), finish the batch in
/// flight, save the cursor and return exit_ok.
int run_collector(const config::collector_config& cfg,
                  run_mode mode,
                  const sfc::clock& clock,
                  platform::stop_handle* external = nullptr);

}  // namespace sfc::app
