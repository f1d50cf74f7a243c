#include "app/collector_status.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "metrics/exposition.hpp"

namespace sfc::app {
namespace {

using metrics::metric_type;

double seconds_since_epoch(wall_time t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

void org_metrics(metrics::exposition& out, const collector_status& s) {
    static constexpr const char* classes[] = {"error", "1xx", "2xx", "3xx", "4xx", "5xx"};
    out.family("sfcollector_salesforce_requests",
               metric_type::counter,
               "Requests to Salesforce by status class (error: no response).");
    for (const auto& org : s.orgs) {
        for (std::size_t i = 0; i < 6; ++i) {
            out.sample({{"org", org.name}, {"status_class", classes[i]}}, org.requests.by_class[i]);
        }
    }
    const auto per_org = [&](const char* name, metric_type type, const char* help, auto value) {
        out.family(name, type, help);
        for (const auto& org : s.orgs) out.sample({{"org", org.name}}, value(org));
    };
    per_org("sfcollector_salesforce_retries",
            metric_type::counter,
            "Waits before another attempt of a Salesforce request.",
            [](const org_status& o) { return o.requests.retries; });
    per_org("sfcollector_token_refreshes",
            metric_type::counter,
            "Access tokens fetched again after Salesforce refused the cached one.",
            [](const org_status& o) { return o.requests.token_renewals; });
    per_org("sfcollector_downloaded_bytes",
            metric_type::counter,
            "EventLogFile bytes downloaded (inflated).",
            [](const org_status& o) { return o.requests.bytes_downloaded; });
    per_org("sfcollector_api_requests_used",
            metric_type::gauge,
            "The org's API requests in the rolling 24 hours, as Salesforce last reported.",
            [](const org_status& o) { return o.api_used; });
    per_org("sfcollector_api_requests_limit",
            metric_type::gauge,
            "The org's daily API request allocation (0 until known).",
            [](const org_status& o) { return o.api_limit; });
    per_org("sfcollector_org_logged_in",
            metric_type::gauge,
            "1 when the collector holds a token for the org.",
            [](const org_status& o) { return std::uint64_t{o.logged_in ? 1u : 0u}; });
}

void source_metrics(metrics::exposition& out, const collector_status& s, wall_time now) {
    out.family("sfcollector_events_read",
               metric_type::counter,
               "Events read from Salesforce and handed to the queue.");
    for (const auto& org : s.orgs) {
        for (const auto& src : org.sources) {
            out.sample({{"org", org.name}, {"source", src.name}}, src.events_read);
        }
    }
    out.family("sfcollector_last_success_timestamp_seconds",
               metric_type::gauge,
               "When the source's last successful pass ended (Unix time).");
    for (const auto& org : s.orgs) {
        for (const auto& src : org.sources) {
            if (src.last_success) {
                out.sample({{"org", org.name}, {"source", src.name}},
                           seconds_since_epoch(*src.last_success));
            }
        }
    }
    out.family("sfcollector_cursor_lag_seconds",
               metric_type::gauge,
               "Now minus the time of the newest event collected.");
    for (const auto& org : s.orgs) {
        for (const auto& src : org.sources) {
            if (src.cursor_time) {
                out.sample({{"org", org.name}, {"source", src.name}},
                           std::chrono::duration<double>(now - *src.cursor_time).count());
            }
        }
    }
}

void sink_metrics(metrics::exposition& out, const collector_status& s) {
    const auto per_sink = [&](const char* name, metric_type type, const char* help, auto value) {
        out.family(name, type, help);
        for (const auto& sink : s.sinks) out.sample({{"sink", sink.name}}, value(sink));
    };
    per_sink("sfcollector_events_delivered",
             metric_type::counter,
             "Events the sink accepted.",
             [](const sink_status& k) { return k.delivered; });
    per_sink("sfcollector_events_dead_lettered",
             metric_type::counter,
             "Events the sink refused for good, written to the dead-letter file.",
             [](const sink_status& k) { return k.dead_lettered; });
    per_sink("sfcollector_sink_retries",
             metric_type::counter,
             "Sends to the sink tried again.",
             [](const sink_status& k) { return k.retries; });
    per_sink("sfcollector_sink_up",
             metric_type::gauge,
             "1 while the sink accepts events, 0 after a failed send.",
             [](const sink_status& k) { return std::uint64_t{k.accepting ? 1u : 0u}; });
}

}  // namespace

std::string render_metrics(const collector_status& s, const std::string& version, wall_time now) {
    metrics::exposition out;
    out.family("sfcollector_build_info", metric_type::gauge, "The running version; always 1.");
    out.sample({{"version", version}}, std::uint64_t{1});
    org_metrics(out, s);
    source_metrics(out, s, now);
    sink_metrics(out, s);
    out.family("sfcollector_queue_events", metric_type::gauge, "Events in the delivery queue.");
    out.sample({}, s.queue_events);
    out.family("sfcollector_queue_bytes",
               metric_type::gauge,
               "Bytes of memory the events in the delivery queue hold.");
    out.sample({}, s.queue_bytes);
    out.family("sfcollector_events_dropped",
               metric_type::counter,
               "Events dropped while the queue was full (when_full: drop_newest).");
    out.sample({}, s.events_dropped);
    return out.text();
}

readiness check_ready(const collector_status& s,
                      std::chrono::seconds poll_interval,
                      wall_time started,
                      wall_time now) {
    std::string reasons;
    const auto add = [&](std::string line) {
        reasons += reasons.empty() ? "" : "\n";
        reasons += line;
    };
    const auto window = 3 * poll_interval;
    for (const auto& org : s.orgs) {
        if (!org.logged_in) {
            add(fmt::format("org {}: not logged in{}{}",
                            org.name,
                            org.login_error.empty() ? "" : ": ",
                            org.login_error));
            continue;
        }
        for (const auto& src : org.sources) {
            const wall_time since = src.last_success.value_or(started);
            if (now - since <= window) continue;
            add(fmt::format("org {}: {}: no successful pass for {} s{}{}",
                            org.name,
                            src.name,
                            std::chrono::duration_cast<std::chrono::seconds>(now - since).count(),
                            src.last_error.empty() ? "" : ": ",
                            src.last_error));
        }
    }
    for (const auto& sink : s.sinks) {
        if (!sink.accepting)
            add(fmt::format("sink {}: not accepting: {}", sink.name, sink.last_error));
    }
    if (reasons.empty()) return {true, "ready"};
    return {false, reasons};
}

std::string status_summary(const collector_status& s) {
    std::size_t logged_in = 0;
    std::optional<wall_time> last;
    for (const auto& org : s.orgs) {
        if (org.logged_in) ++logged_in;
        for (const auto& src : org.sources) {
            if (src.last_success && (!last || *src.last_success > *last)) last = src.last_success;
        }
    }
    std::uint64_t delivered = 0;
    for (const auto& sink : s.sinks) delivered += sink.delivered;
    std::string out = fmt::format(
        "{}/{} org(s) logged in, {} event(s) delivered", logged_in, s.orgs.size(), delivered);
    if (last) {
        out += fmt::format(", last pass {:%Y-%m-%d %H:%M:%S}Z",
                           std::chrono::floor<std::chrono::seconds>(*last));
    }
    return out;
}

}  // namespace sfc::app
