#include "metrics/exposition.hpp"

#include <gtest/gtest.h>

using sfc::metrics::exposition;
using sfc::metrics::metric_type;

TEST(exposition, counters_get_total_and_help_and_type_lines) {
    exposition out;
    out.family("sfcollector_events_read", metric_type::counter, "Events read.");
    out.sample({{"org", "prod"}, {"source", "EventLogFile"}}, std::uint64_t{42});
    out.family("sfcollector_queue_events", metric_type::gauge, "Queued.");
    out.sample({}, std::uint64_t{0});
    EXPECT_EQ(out.text(),
              "# HELP sfcollector_events_read_total Events read.\n"
              "# TYPE sfcollector_events_read_total counter\n"
              "sfcollector_events_read_total{org=\"prod\",source=\"EventLogFile\"} 42\n"
              "# HELP sfcollector_queue_events Queued.\n"
              "# TYPE sfcollector_queue_events gauge\n"
              "sfcollector_queue_events 0\n");
}

TEST(exposition, label_values_are_escaped) {
    EXPECT_EQ(sfc::metrics::escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    exposition out;
    out.family("x", metric_type::gauge, "line one\nline two \\");
    out.sample({{"sink", "file:C:\\logs\\\"x\""}}, 1.5);
    EXPECT_EQ(out.text(),
              "# HELP x line one\\nline two \\\\\n"
              "# TYPE x gauge\n"
              "x{sink=\"file:C:\\\\logs\\\\\\\"x\\\"\"} 1.5\n");
}
