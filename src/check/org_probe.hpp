#pragma once
// The live steps for one org, over the network: reaching the login and instance hosts, the
// clock, the token exchange, the API version, API usage, EventLogFile and each object, and the
// last day's log files. Asio stays in the .cpp.

#include "check/report.hpp"
#include "sfc/config.hpp"

namespace sfc::check {

/// Runs the steps in order and adds one line each to `out`; a step whose precondition failed
/// (no connection, no token, a version the org does not serve) is reported as skipped.
/// `can_log_in` is false when the key step could not read the key.
void run_org_probe(const config::org_config& org, bool can_log_in, report& out);

}  // namespace sfc::check
