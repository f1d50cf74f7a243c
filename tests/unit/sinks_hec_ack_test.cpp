// Indexer acknowledgement bookkeeping: channel GUIDs, the ack query and answer, the polling
// schedule; and where requests go for the URLs operators write.
#include "sinks/hec_ack.hpp"
#include "sinks/splunk_hec_sink.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace sfc::sinks {
namespace {

using namespace std::chrono_literals;

TEST(HecChannel, IsARandomVersion4Uuid) {
    const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto channel = make_hec_channel();
        EXPECT_TRUE(std::regex_match(channel, v4)) << channel;
        seen.insert(channel);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(HecAck, QueryAndAnswer) {
    EXPECT_EQ(hec_ack_query(7), R"({"acks":[7]})");
    EXPECT_EQ(parse_hec_ack_status(R"({"acks":{"7":true}})", 7), true);
    EXPECT_EQ(parse_hec_ack_status(R"({"acks":{"6":true,"7":false}})", 7), false);
    EXPECT_EQ(parse_hec_ack_status(R"({"acks":{"6":true}})", 7), std::nullopt);
    EXPECT_EQ(parse_hec_ack_status(R"({"acks":[7]})", 7), std::nullopt);
    EXPECT_EQ(parse_hec_ack_status("not json", 7), std::nullopt);
}

TEST(HecAckSchedule, DoublesUpToTheCapAndStopsAtTheDeadline) {
    const auto start = hec_ack_schedule::clock::now();
    hec_ack_schedule schedule(start, 10s, 500ms, 2s);
    EXPECT_EQ(schedule.next_wait(start), 500ms);
    EXPECT_EQ(schedule.next_wait(start + 500ms), 1000ms);
    EXPECT_EQ(schedule.next_wait(start + 1500ms), 2000ms);
    EXPECT_EQ(schedule.next_wait(start + 3500ms), 2000ms);
    EXPECT_EQ(schedule.next_wait(start + 9s), 1000ms);  // only up to the deadline
    EXPECT_EQ(schedule.next_wait(start + 10s), std::nullopt);
}

TEST(HecUrl, AcceptsTheBaseOrTheEndpoint) {
    for (const auto* url : {"https://splunk:8088",
                            "https://splunk:8088/",
                            "https://splunk:8088/services/collector",
                            "https://splunk:8088/services/collector/",
                            "https://splunk:8088/services/collector/event",
                            "https://splunk:8088/services/collector/event/1.0"}) {
        const auto endpoints = parse_hec_url(url);
        ASSERT_TRUE(endpoints) << url;
        EXPECT_EQ(endpoints->origin, "https://splunk:8088") << url;
        EXPECT_EQ(endpoints->event_target, "/services/collector/event") << url;
        EXPECT_EQ(endpoints->ack_target, "/services/collector/ack") << url;
    }
}

TEST(HecUrl, KeepsAProxyPrefixAndRefusesTheRest) {
    const auto endpoints = parse_hec_url("https://proxy.example.com/splunk/services/collector");
    ASSERT_TRUE(endpoints);
    EXPECT_EQ(endpoints->origin, "https://proxy.example.com");
    EXPECT_EQ(endpoints->event_target, "/splunk/services/collector/event");
    EXPECT_EQ(endpoints->ack_target, "/splunk/services/collector/ack");
    EXPECT_FALSE(parse_hec_url("splunk:8088"));
    EXPECT_FALSE(parse_hec_url("ftp://splunk"));
    EXPECT_FALSE(parse_hec_url("https://splunk:8088/services/collector?channel=x"));
}

}  // namespace
}  // namespace sfc::sinks
