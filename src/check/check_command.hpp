#pragma once
// sfcollector check: a live preflight of one config, one line per step with what to fix.

#include <filesystem>
#include <string>

namespace sfc::check {

/// Exit codes of `check` (documented in `sfcollector check --help` and the README).
enum check_exit : int {
    check_ok = 0,
    check_failed = 1,        ///< a step failed that none of the codes below covers
    check_unavailable = 69,  ///< EX_UNAVAILABLE: DNS, TCP, TLS to Salesforce or a sink
    check_refused = 77,      ///< EX_NOPERM: key unreadable or too open, login refused
    check_config = 78,       ///< EX_CONFIG: the configuration is invalid
};

/// Runs every step for every org of `config` (only `org` when not empty) and each sink,
/// printing one line per step to stdout. Returns a check_exit code.
int run_check(const std::filesystem::path& config, const std::string& org);

}  // namespace sfc::check
