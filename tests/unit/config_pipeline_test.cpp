// `pipeline:`: queue bounds, back-off, dead letters and shutdown, with their defaults and every
// rule reported as one line naming the file, line, field and fix.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "config/load.hpp"
#include "config_test_support.hpp"
#include "platform/paths.hpp"

namespace sfc::config {
namespace {

using namespace std::chrono_literals;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using namespace test_support;

// salesforce_block is lines 1 to 6; `pipeline:` goes on line 7, its first key on line 8.
collector_config load(std::string_view rest) {
    return load_text(salesforce_block + std::string(rest));
}

std::string error_of(std::string_view rest) {
    return error_text(salesforce_block + std::string(rest));
}

TEST(config_pipeline, absent_section_gives_the_defaults_and_a_dead_letter_file_in_state_dir) {
    auto config = load("");
    const pipeline_config defaults;
    EXPECT_EQ(config.pipeline.max_events, 20000u);
    EXPECT_EQ(config.pipeline.max_bytes, 2u << 20);
    EXPECT_EQ(config.pipeline.when_full, when_full::block);
    EXPECT_EQ(config.pipeline.retry_initial, defaults.retry_initial);
    EXPECT_EQ(config.pipeline.retry_max, defaults.retry_max);
    EXPECT_EQ(config.pipeline.shutdown_grace, defaults.shutdown_grace);
    EXPECT_EQ(config.pipeline.dead_letter_path,
              sfc::platform::default_state_dir() / "dead-letter.jsonl");
}

TEST(config_pipeline, dead_letter_default_follows_state_dir_wherever_it_is_written) {
    // state_dir after pipeline in the file: the default still uses it.
    auto config = load("pipeline:\n  max_events: 10\nstate_dir: var/state\n");
    EXPECT_EQ(config.pipeline.dead_letter_path, "/etc/sfcollector/var/state/dead-letter.jsonl");
}

TEST(config_pipeline, every_option_is_read) {
    auto config = load(R"(pipeline:
  max_events: 5000
  max_bytes: 16 MiB
  when_full: drop_newest
  retry_initial: 500ms
  retry_max: 2m
  dead_letter_path: dead/letters.jsonl
  shutdown_grace: 1h
)");
    EXPECT_EQ(config.pipeline.max_events, 5000u);
    EXPECT_EQ(config.pipeline.max_bytes, 16u << 20);
    EXPECT_EQ(config.pipeline.when_full, when_full::drop_newest);
    EXPECT_EQ(config.pipeline.retry_initial, 500ms);
    EXPECT_EQ(config.pipeline.retry_max, 120s);
    EXPECT_EQ(config.pipeline.dead_letter_path, "/etc/sfcollector/dead/letters.jsonl");
    EXPECT_EQ(config.pipeline.shutdown_grace, 1h);
}

TEST(config_pipeline, empty_section_keeps_the_defaults) {
    auto config = load("pipeline:\n");
    EXPECT_EQ(config.pipeline.max_events, pipeline_config{}.max_events);
    EXPECT_EQ(config.pipeline.dead_letter_path,
              sfc::platform::default_state_dir() / "dead-letter.jsonl");
}

TEST(config_pipeline, queue_bounds_must_be_positive) {
    auto message = error_of("pipeline:\n  max_events: 0\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.max_events")));
    EXPECT_THAT(message, AllOf(HasSubstr("out of range (1 to"), HasSubstr("20000")));
    message = error_of("pipeline:\n  max_bytes: 0\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.max_bytes")));
    EXPECT_THAT(message, HasSubstr("64MiB"));
    message = error_of("pipeline:\n  max_events: many\n");
    EXPECT_THAT(message, AllOf(HasSubstr("not a whole number"), HasSubstr("got 'many'")));
}

TEST(config_pipeline, sizes_use_binary_units_only) {
    auto message = error_of("pipeline:\n  max_bytes: 64MB\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.max_bytes")));
    EXPECT_THAT(message, AllOf(HasSubstr("ambiguous"), HasSubstr("MiB")));
    message = error_of("pipeline:\n  max_bytes: 64 parsecs\n");
    EXPECT_THAT(message, AllOf(HasSubstr("not a size"), HasSubstr("KiB, MiB or GiB")));
    message = error_of("pipeline:\n  max_bytes: 17GiB\n");
    EXPECT_THAT(message, HasSubstr("too large"));
}

TEST(config_pipeline, bad_when_full_lists_the_choices) {
    auto message = error_of("pipeline:\n  when_full: drop_oldest\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.when_full")));
    EXPECT_THAT(message, HasSubstr("block, drop_newest"));
}

TEST(config_pipeline, retry_initial_may_not_exceed_retry_max) {
    auto message = error_of("pipeline:\n  retry_initial: 10s\n  retry_max: 5s\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.retry_initial")));
    EXPECT_THAT(message, AllOf(HasSubstr("longer than retry_max"), HasSubstr("at most")));
    // Against the default retry_max, which the message then states.
    message = error_of("pipeline:\n  retry_initial: 2m\n");
    EXPECT_THAT(message, AllOf(StartsWith(at(8, "pipeline.retry_initial")), HasSubstr("60s")));
    message = error_of("pipeline:\n  retry_max: 500ms\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.retry_max")));
    auto config = load("pipeline:\n  retry_initial: 5s\n  retry_max: 5s\n");
    EXPECT_EQ(config.pipeline.retry_initial, config.pipeline.retry_max);
}

TEST(config_pipeline, retry_delays_are_positive) {
    auto message = error_of("pipeline:\n  retry_initial: 0ms\n");
    EXPECT_THAT(message, AllOf(StartsWith(at(8, "pipeline.retry_initial")), HasSubstr("zero")));
    message = error_of("pipeline:\n  retry_max: 1.5s\n");
    EXPECT_THAT(message, AllOf(HasSubstr("not a duration"), HasSubstr("500ms")));
}

TEST(config_pipeline, shutdown_grace_is_at_most_an_hour) {
    auto message = error_of("pipeline:\n  shutdown_grace: 61m\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.shutdown_grace")));
    EXPECT_THAT(message, AllOf(HasSubstr("longer than 1h"), HasSubstr("TimeoutStopSec")));
    EXPECT_EQ(load("pipeline:\n  shutdown_grace: 0\n").pipeline.shutdown_grace, 0s);
}

TEST(config_pipeline, misspelt_key_suggests_the_right_one) {
    auto message = error_of("pipeline:\n  max_event: 10\n");
    EXPECT_THAT(message, StartsWith(at(8, "pipeline.max_event")));
    EXPECT_THAT(message, HasSubstr("did you mean 'max_events'?"));
}

}  // namespace
}  // namespace sfc::config
