#include <gtest/gtest.h>

#include "sources/progress.hpp"

namespace sfc::sources {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr std::uint64_t mib = 1024 * 1024;
constexpr std::uint64_t gib = 1024 * mib;

TEST(format_bytes, picks_a_binary_unit_with_one_decimal) {
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(1023), "1023 B");
    EXPECT_EQ(format_bytes(1024), "1.0 KiB");
    EXPECT_EQ(format_bytes(1.2 * gib), "1.2 GiB");
    EXPECT_EQ(format_bytes(8.4 * gib), "8.4 GiB");
    EXPECT_EQ(format_bytes(3.1 * mib), "3.1 MiB");
    EXPECT_EQ(format_bytes(mib - 1), "1.0 MiB") << "never 1024.0 KiB";
    EXPECT_EQ(format_bytes(-5), "0 B");
}

TEST(format_duration, is_rough_and_short) {
    EXPECT_EQ(format_duration(0s), "0s");
    EXPECT_EQ(format_duration(59s), "59s");
    EXPECT_EQ(format_duration(40min + 20s), "40m");
    EXPECT_EQ(format_duration(1h + 5min + 59s), "1h05m");
    EXPECT_EQ(format_duration(50h + 30min), "2d02h");
    EXPECT_EQ(format_duration(-3s), "0s");
}

TEST(format_backfill, gives_counts_rate_and_time_left) {
    // 1.2 GiB in 400 s is 3.1 MiB/s (3.07); the 7.2 GiB left take about 2400 s = 40 min.
    backfill_snapshot s{120, 840, std::uint64_t(1.2 * gib), std::uint64_t(8.4 * gib), 400s};
    EXPECT_EQ(format_backfill(s),
              "EventLogFile backfill: 120 of 840 files, 1.2 GiB of 8.4 GiB, 3.1 MiB/s, about 40m "
              "left");
}

TEST(format_backfill, leaves_out_what_it_cannot_know_yet) {
    EXPECT_EQ(format_backfill({0, 12, 0, 5 * mib, 0s}),
              "EventLogFile backfill: 0 of 12 files, 0 B of 5.0 MiB");
    EXPECT_EQ(format_backfill({0, 12, 0, 5 * mib, 30s}),
              "EventLogFile backfill: 0 of 12 files, 0 B of 5.0 MiB");
    // No LogFileLength from Salesforce: the time left comes from the file rate.
    EXPECT_EQ(format_backfill({3, 12, 3 * mib, 0, 60s}),
              "EventLogFile backfill: 3 of 12 files, 3.0 MiB, 51.2 KiB/s, about 3m left");
}

TEST(format_backfill, an_ended_poll_says_how_long_it_took) {
    EXPECT_EQ(format_backfill({12, 12, 6 * mib, 6 * mib, 120s, true}),
              "EventLogFile backfill: 12 of 12 files, 6.0 MiB of 6.0 MiB, 51.2 KiB/s, done in 2m");
    EXPECT_EQ(format_backfill({5, 12, 2 * mib, 6 * mib, 95s, true}),
              "EventLogFile backfill: 5 of 12 files, 2.0 MiB of 6.0 MiB, 21.6 KiB/s, stopped "
              "after 1m");
}

const steady_clock::time_point t0{};

TEST(backfill_progress, many_files_report_every_30_seconds_and_at_the_end) {
    backfill_progress p(11, 11 * mib, t0, {});
    EXPECT_FALSE(p.due(t0));
    EXPECT_FALSE(p.due(t0 + 29s));
    p.file_done(mib);
    p.file_bytes(mib / 2);  // half of the next file so far
    const auto line = p.due(t0 + 30s);
    ASSERT_TRUE(line);
    // 1.5 MiB in 30 s; the 9.5 MiB left take 190 s.
    EXPECT_EQ(*line,
              "EventLogFile backfill: 1 of 11 files, 1.5 MiB of 11.0 MiB, 51.2 KiB/s, about 3m "
              "left");
    EXPECT_FALSE(p.due(t0 + 59s)) << "at most one line per 30 s";
    EXPECT_TRUE(p.due(t0 + 60s));
    for (int i = 0; i < 10; ++i) p.file_done(mib);
    const auto last = p.end(t0 + 61s);
    ASSERT_TRUE(last);
    EXPECT_NE(last->find("11 of 11 files"), std::string::npos) << *last;
    EXPECT_NE(last->find("done in 1m"), std::string::npos) << *last;
}

TEST(backfill_progress, a_few_files_stay_quiet_unless_the_poll_runs_long) {
    backfill_progress p(10, 10 * mib, t0, {});
    EXPECT_FALSE(p.due(t0 + 45s));
    EXPECT_FALSE(p.end(t0 + 45s)) << "ten files in under a minute is no backfill";
    const auto line = p.due(t0 + 61s);
    ASSERT_TRUE(line) << "a poll running longer than a minute reports";
    EXPECT_TRUE(p.end(t0 + 62s));
}

}  // namespace
}  // namespace sfc::sources
