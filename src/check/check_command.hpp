#pragma once
// sfcollector check: a live preflight of one config, one line per step with what to fix.

#include <filesystem>
#include <string>

namespace sfc::check {

/// Exit codes of `check` (documented in `sfcollector check --help` and the README).
///
/// When several steps fail, the code is the first failing step's, in the order the lines are
/// printed: the steps run in dependency order (config, key and certificate, hosts, clock, login,
/// API version, API usage, reads, sinks), so the first failure is the one to fix first.
/// Warnings and skipped steps leave the code alone.
enum check_exit : int {
    check_ok = 0,
    /// A step failed that none of the codes below covers: an API version the org does not
    /// serve, an object it cannot read, API usage at max_api_share, a sink answering an error.
    check_failed = 1,
    /// EX_UNAVAILABLE: DNS, TCP or TLS to a Salesforce host, the proxy or a sink.
    check_unavailable = 69,
    /// EX_NOPERM: the key is unreadable or others may read it; the certificate does not match
    /// the key or has expired; the clock is off by more than a JWT's 3 minutes; Salesforce
    /// refused the login or the session; a sink refused its credentials.
    check_refused = 77,
    /// EX_CONFIG: the configuration is invalid (every problem is printed), --org names no org,
    /// or a file it names (certificate, CA file, secret) cannot be used.
    check_config = 78,
};

/// Runs every step for every org of `config` (only `org` when not empty), then each sink,
/// printing one line per step to stdout ("ok   ", "warn ", "FAIL ", "skip " and the step).
/// Returns a check_exit code. Secrets never appear in the output.
int run_check(const std::filesystem::path& config, const std::string& org);

}  // namespace sfc::check
