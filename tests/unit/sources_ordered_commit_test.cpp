// The EventLogFile cursor of a poll whose files finish out of order, and the schedule that
// picks the next file for a free download slot.

#include <gtest/gtest.h>

#include "sources/download_schedule.hpp"
#include "sources/ordered_commit.hpp"

namespace sfc::sources {
namespace {

std::vector<ordered_commit::file> three_files() {
    return {{"2026-01-01T01:00:00.000Z", "0AT1"},
            {"2026-01-01T02:00:00.000Z", "0AT2"},
            {"2026-01-01T02:00:00.000Z", "0AT3"}};
}

elf_cursor start() {
    return {"2026-01-01T00:00:00.000Z", "0AT0", "", 0};
}

TEST(ordered_commit, a_later_file_does_not_move_the_cursor_past_an_earlier_one) {
    ordered_commit c(start(), three_files());
    EXPECT_TRUE(c.rows(1, 100)) << "file 2's rows are kept ahead";
    EXPECT_TRUE(c.done(2));
    EXPECT_EQ(c.cursor().id, "0AT0") << "but the cursor waits for file 1";
    EXPECT_TRUE(c.cursor().partial_id.empty());
    EXPECT_EQ(c.cursor().ahead,
              (std::vector<elf_cursor_ahead>{{"0AT2", 100, false}, {"0AT3", 0, true}}));

    EXPECT_TRUE(c.rows(0, 40));
    EXPECT_EQ(c.cursor().id, "0AT0");
    EXPECT_EQ(c.cursor().partial_id, "0AT1");
    EXPECT_EQ(c.cursor().partial_rows, 40u);
    EXPECT_FALSE(c.rows(0, 40)) << "no news, no save";

    EXPECT_TRUE(c.done(1));
    EXPECT_EQ(c.cursor().id, "0AT0");
    EXPECT_EQ(c.cursor().ahead,
              (std::vector<elf_cursor_ahead>{{"0AT2", 100, true}, {"0AT3", 0, true}}));

    EXPECT_TRUE(c.done(0)) << "file 1 done: the cursor passes every finished file after it";
    EXPECT_EQ(c.cursor().id, "0AT3");
    EXPECT_EQ(c.cursor().created_date, "2026-01-01T02:00:00.000Z");
    EXPECT_TRUE(c.cursor().partial_id.empty());
    EXPECT_TRUE(c.cursor().ahead.empty());
    EXPECT_EQ(c.first_open(), 3u);
}

TEST(ordered_commit, the_rows_of_the_first_open_file_follow_the_last_done_one) {
    ordered_commit c(start(), three_files());
    EXPECT_TRUE(c.done(0));
    EXPECT_TRUE(c.rows(2, 7));
    EXPECT_TRUE(c.rows(1, 5));
    EXPECT_EQ(c.cursor().id, "0AT1");
    EXPECT_EQ(c.cursor().partial_id, "0AT2");
    EXPECT_EQ(c.cursor().partial_rows, 5u);
    EXPECT_TRUE(c.done(1));
    EXPECT_EQ(c.cursor().id, "0AT2");
    EXPECT_EQ(c.cursor().partial_id, "0AT3") << "file 3's rows were kept while it waited";
    EXPECT_EQ(c.cursor().partial_rows, 7u);
    EXPECT_TRUE(c.cursor().ahead.empty());
}

TEST(ordered_commit, a_resumed_poll_takes_up_the_rows_and_files_delivered_ahead) {
    elf_cursor resumed = start();
    resumed.partial_id = "0AT1";
    resumed.partial_rows = 300;
    resumed.ahead = {{"0AT2", 0, true}, {"0AT3", 20, false}, {"0ATgone", 5, false}};
    ordered_commit c(resumed, three_files());
    EXPECT_EQ(c.rows_of(0), 300u);
    EXPECT_TRUE(c.done_of(1));
    EXPECT_EQ(c.rows_of(2), 20u);
    EXPECT_EQ(c.cursor().partial_rows, 300u);
    EXPECT_EQ(c.cursor().ahead.size(), 2u) << "a file no longer listed is forgotten";
    EXPECT_FALSE(c.rows(2, 10)) << "nothing forgets the rows already delivered";
    EXPECT_TRUE(c.rows(0, 400));
    EXPECT_EQ(c.cursor().partial_rows, 400u);
    EXPECT_TRUE(c.done(0));
    EXPECT_EQ(c.cursor().id, "0AT2") << "past the file done ahead";
    EXPECT_EQ(c.cursor().partial_id, "0AT3");
    EXPECT_EQ(c.cursor().partial_rows, 20u);
}

TEST(ordered_commit, a_stale_partial_of_another_file_stays_until_the_first_file_moves) {
    elf_cursor stale = start();
    stale.partial_id = "0ATgone";
    stale.partial_rows = 12;
    ordered_commit c(stale, three_files());
    EXPECT_EQ(c.rows_of(0), 0u);
    EXPECT_EQ(c.cursor().partial_id, "0ATgone");
    EXPECT_TRUE(c.rows(0, 1));
    EXPECT_EQ(c.cursor().partial_id, "0AT1");
}

TEST(download_schedule, a_due_retry_goes_before_new_files_and_a_waiting_one_blocks_none) {
    download_schedule s(4);
    EXPECT_EQ(s.take(), 0u);
    EXPECT_EQ(s.take(), 1u);
    s.failed(0);
    EXPECT_EQ(s.take(), 2u) << "file 1 waits out its backoff without holding a slot";
    EXPECT_FALSE(s.over());
    s.due(0);
    EXPECT_EQ(s.take(), 0u) << "the cursor waits for it: it goes first";
    EXPECT_EQ(s.take(), 3u);
    EXPECT_EQ(s.take(), std::nullopt);
    EXPECT_EQ(s.active(), 4u);
    for (std::size_t i = 0; i < 4; ++i) s.finished(i);
    EXPECT_TRUE(s.over());
}

TEST(download_schedule, the_lowest_due_file_goes_first) {
    download_schedule s(3);
    for (int k = 0; k < 3; ++k) s.take();
    s.failed(2);
    s.failed(1);
    s.due(2);
    s.due(1);
    EXPECT_EQ(s.waiting(), 0u);
    EXPECT_EQ(s.take(), 1u);
    EXPECT_EQ(s.take(), 2u);
}

}  // namespace
}  // namespace sfc::sources
