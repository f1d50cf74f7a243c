#pragma once
// The Windows service side of the command line: `service <action>` and `run --service`.

#include "app/cli.hpp"

namespace sfc::app {

/// install | uninstall | start | stop | status; prints one line and returns the exit code.
int run_service_command(const cli_options& opts);

/// `run --service`: runs the collector under the service control manager, logging to the
/// rotating file platform::service_log_file() and to the Event Log.
int run_under_service_manager(const cli_options& opts);

}  // namespace sfc::app
