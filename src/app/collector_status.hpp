#pragma once
// What the collector is doing, gathered when asked: for /metrics, /readyz and systemd's STATUS=
// line. Plain data, so rendering and the readiness rule are tested without a running collector.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "salesforce/request_counters.hpp"

namespace sfc::app {

using wall_time = std::chrono::system_clock::time_point;

struct source_status {
    std::string name;  ///< "EventLogFile", or the object source's name
    std::uint64_t events_read = 0;
    std::optional<wall_time> last_success;  ///< end of the last pass that succeeded
    std::optional<wall_time> cursor_time;   ///< the newest event collected, from the cursor
    bool last_pass_ok = true;
    std::string last_error;
};

struct org_status {
    std::string name;
    bool logged_in = false;
    std::string login_error;  ///< the last failed login's reason, while not logged in
    salesforce::request_counters requests;
    std::uint64_t api_used = 0;
    std::uint64_t api_limit = 0;  ///< 0: not known yet
    std::vector<source_status> sources;
};

struct sink_status {
    std::string name;
    std::uint64_t delivered = 0;
    std::uint64_t dead_lettered = 0;
    std::uint64_t retries = 0;
    bool accepting = true;
    std::string last_error;
};

struct collector_status {
    std::vector<org_status> orgs;
    std::vector<sink_status> sinks;
    std::uint64_t queue_events = 0;
    std::uint64_t queue_bytes = 0;
    std::uint64_t events_dropped = 0;  ///< when_full: drop_newest
};

/// The Prometheus text of /metrics.
std::string render_metrics(const collector_status& s, const std::string& version, wall_time now);

struct readiness {
    bool ready = false;
    std::string reason;  ///< "ready", or every reason it is not, one per line
};

/// Ready when every org has logged in and each of its sources passed within 3 poll intervals
/// (counted from `started` until a first pass), and every sink accepts.
readiness check_ready(const collector_status& s,
                      std::chrono::seconds poll_interval,
                      wall_time started,
                      wall_time now);

/// systemd's STATUS= line: "2/2 orgs logged in, 12345 events delivered, last pass 16:20:01Z".
std::string status_summary(const collector_status& s);

}  // namespace sfc::app
