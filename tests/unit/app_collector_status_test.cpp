#include "app/collector_status.hpp"
#include "app/failure_streak.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using sfc::app::collector_status;
using sfc::app::org_status;
using sfc::app::sink_status;
using sfc::app::source_status;
using sfc::app::wall_time;

namespace {

const wall_time t0 = wall_time(std::chrono::seconds(1'800'000'000));

collector_status healthy() {
    collector_status s;
    org_status org;
    org.name = "prod";
    org.logged_in = true;
    org.requests.by_class[2] = 10;
    org.requests.by_class[5] = 1;
    org.requests.bytes_downloaded = 4096;
    org.api_used = 120;
    org.api_limit = 15000;
    source_status elf;
    elf.name = "EventLogFile";
    elf.events_read = 30;
    elf.last_success = t0 - 60s;
    elf.cursor_time = t0 - 3600s;
    org.sources.push_back(elf);
    s.orgs.push_back(org);
    s.sinks.push_back(sink_status{"es", 29, 1, 2, true, ""});
    s.queue_events = 3;
    return s;
}

}  // namespace

TEST(collector_status, metrics_name_every_counter_with_its_labels) {
    const auto text = sfc::app::render_metrics(healthy(), "0.1.0", t0);
    for (const char* line : {
             "sfcollector_build_info{version=\"0.1.0\"} 1\n",
             "sfcollector_salesforce_requests_total{org=\"prod\",status_class=\"2xx\"} 10\n",
             "sfcollector_salesforce_requests_total{org=\"prod\",status_class=\"5xx\"} 1\n",
             "sfcollector_downloaded_bytes_total{org=\"prod\"} 4096\n",
             "sfcollector_api_requests_used{org=\"prod\"} 120\n",
             "sfcollector_api_requests_limit{org=\"prod\"} 15000\n",
             "sfcollector_events_read_total{org=\"prod\",source=\"EventLogFile\"} 30\n",
             "sfcollector_cursor_lag_seconds{org=\"prod\",source=\"EventLogFile\"} 3600\n",
             "sfcollector_last_success_timestamp_seconds{org=\"prod\",source=\"EventLogFile\"} "
             "1799999940\n",
             "sfcollector_events_delivered_total{sink=\"es\"} 29\n",
             "sfcollector_events_dead_lettered_total{sink=\"es\"} 1\n",
             "sfcollector_sink_retries_total{sink=\"es\"} 2\n",
             "sfcollector_sink_up{sink=\"es\"} 1\n",
             "sfcollector_queue_events 3\n",
         }) {
        EXPECT_NE(text.find(line), std::string::npos) << line << "\nin:\n" << text;
    }
}

TEST(collector_status, ready_when_logged_in_recently_passed_and_sinks_accept) {
    const auto r = sfc::app::check_ready(healthy(), 300s, t0 - 3600s, t0);
    EXPECT_TRUE(r.ready) << r.reason;
    EXPECT_EQ(r.reason, "ready");
}

TEST(collector_status, not_ready_names_each_reason) {
    auto s = healthy();
    s.sinks[0].accepting = false;
    s.sinks[0].last_error = "HTTP 503";
    s.orgs[0].sources[0].last_success = t0 - 16min;  // more than 3 poll intervals of 5 min
    s.orgs[0].sources[0].last_error = "boom";
    org_status second;
    second.name = "sandbox";
    second.login_error = "invalid_grant: user hasn't approved this consumer";
    s.orgs.push_back(second);
    const auto r = sfc::app::check_ready(s, 300s, t0 - 3600s, t0);
    EXPECT_FALSE(r.ready);
    EXPECT_NE(r.reason.find("sink es: not accepting: HTTP 503"), std::string::npos) << r.reason;
    EXPECT_NE(r.reason.find("org prod: EventLogFile: no successful pass for 960 s: boom"),
              std::string::npos)
        << r.reason;
    EXPECT_NE(r.reason.find("org sandbox: not logged in: invalid_grant"), std::string::npos)
        << r.reason;
}

TEST(collector_status, a_new_source_has_three_intervals_from_the_start) {
    auto s = healthy();
    s.orgs[0].sources[0].last_success.reset();
    EXPECT_TRUE(sfc::app::check_ready(s, 300s, t0 - 14min, t0).ready);
    EXPECT_FALSE(sfc::app::check_ready(s, 300s, t0 - 16min, t0).ready);
}

TEST(collector_status, summary_for_systemd) {
    EXPECT_EQ(sfc::app::status_summary(healthy()),
              "1/1 org(s) logged in, 29 event(s) delivered, last pass 2027-01-15 07:59:00Z");
}

TEST(failure_streak, first_in_full_then_since_when_and_recovery) {
    sfc::app::failure_streak f;
    EXPECT_EQ(f.failed("invalid_grant", t0), "invalid_grant");
    EXPECT_EQ(f.failed("invalid_grant", t0 + 5s),
              "still failing since 2027-01-15 08:00:00Z (2 tries)");
    EXPECT_EQ(f.failed("timeout", t0 + 15s),
              "still failing since 2027-01-15 08:00:00Z (3 tries): timeout");
    EXPECT_EQ(f.succeeded(), "recovered after 3 failed tries since 2027-01-15 08:00:00Z");
    EXPECT_FALSE(f.succeeded());
    EXPECT_EQ(f.failed("again", t0 + 1h), "again");
}
