// HEC event bodies: the exact bytes for a fixed event, time from sfc.timestamp, the default and
// configured sourcetype, indexed fields, and events without the sfc facts.
#include "sinks/hec_body.hpp"

#include <gtest/gtest.h>

#include "format/event_json.hpp"
#include "format/timestamp.hpp"

namespace sfc::sinks {
namespace {

const char* const login_json =
    R"({"EVENT_TYPE":"Login","USER_ID":"005xx","sfc":{"event_id":"e-1","org_id":"00Dxx",)"
    R"("source":"EventLogFile","event_type":"Login","timestamp":"2013-07-15T23:33:22.670Z"}})";

sfc::event login_event() {
    return format::event_from_json("e-1", login_json);
}

TEST(HecBody, RendersAFixedEventByteForByte) {
    hec_body_builder builder({"salesforce", "", "security", ""});
    std::string body;
    const std::vector<sfc::event> events{login_event()};
    builder.build(body, events);
    EXPECT_EQ(body,
              std::string(R"({"time":1373931202.670,"source":"salesforce",)"
                          R"("sourcetype":"sfdc:eventlogfile:login","index":"security","event":)") +
                  login_json + R"(,"fields":{"event_id":"e-1","org_id":"00Dxx"}})");
}

TEST(HecBody, ConcatenatesEventsWithoutSeparatorAndReplacesTheBuffer) {
    hec_body_builder builder({"salesforce", "", "", ""});
    std::string body = "left over from the last batch";
    const std::vector<sfc::event> events{login_event(), login_event()};
    builder.build(body, events);
    const auto half = body.size() / 2;
    EXPECT_EQ(body.substr(0, half), body.substr(half));
    EXPECT_EQ(body.substr(half - 2, 3), "}}{");
    EXPECT_EQ(body.find("\"index\""), std::string::npos);
}

TEST(HecBody, ConfiguredSourcetypeAndHostWin) {
    hec_body_builder builder({"sf", "salesforce:elf", "", "collector-1"});
    std::string body;
    builder.append(body, login_event());
    EXPECT_NE(body.find(R"("host":"collector-1","source":"sf","sourcetype":"salesforce:elf",)"),
              std::string::npos)
        << body;
}

TEST(HecBody, EventWithoutSfcFactsHasNoTimeAndUsesItsId) {
    hec_body_builder builder({"salesforce", "", "", ""});
    std::string body;
    builder.append(body, format::event_from_json("id-9", R"({"A":"1"})"));
    EXPECT_EQ(body,
              R"({"source":"salesforce","sourcetype":"sfdc:eventlogfile","event":{"A":"1"},)"
              R"("fields":{"event_id":"id-9"}})");
}

TEST(HecBody, UnparsableEventGoesOutVerbatimSoHecCanNameIt) {
    hec_body_builder builder({"", "", "", ""});
    std::string body;
    builder.append(body, format::event_from_json("x", R"({"A":)"));
    EXPECT_EQ(body,
              R"({"sourcetype":"sfdc:eventlogfile","event":{"A":,"fields":{"event_id":"x"}})");
}

TEST(HecBody, EscapesFieldValues) {
    hec_body_builder builder({"", "", "", ""});
    std::string body;
    builder.append(
        body,
        format::event_from_json("", R"({"sfc":{"event_id":"a\"b","event_type":"Report Export"}})"));
    EXPECT_NE(body.find(R"("fields":{"event_id":"a\"b"})"), std::string::npos) << body;
    EXPECT_NE(body.find(R"("sourcetype":"sfdc:eventlogfile:report export")"), std::string::npos);
}

// The event's time as HEC writes it, from the one ISO 8601 reader.
std::optional<std::string> hec_time(std::string_view iso) {
    const auto ms = format::parse_iso8601_ms(iso);
    return ms ? hec_epoch_time(*ms) : std::nullopt;
}

TEST(HecEpochTime, ConvertsIsoToSecondsWithMilliseconds) {
    EXPECT_EQ(hec_time("1970-01-01T00:00:00.000Z"), "0.000");
    EXPECT_EQ(hec_time("2013-07-15T23:33:22.670Z"), "1373931202.670");
    EXPECT_EQ(hec_time("2024-02-29T12:00:00Z"), "1709208000.000");
    EXPECT_EQ(hec_time("2024-02-29T12:00:00.5Z"), "1709208000.500");
    EXPECT_EQ(hec_time("2024-02-29T12:00:00.123456Z"), "1709208000.123");
    EXPECT_EQ(hec_time("2013-07-16T01:33:22.670+02:00"), "1373931202.670");
}

TEST(HecEpochTime, RefusesAnythingElse) {
    EXPECT_EQ(hec_time(""), std::nullopt);
    EXPECT_EQ(hec_time("20130715233322.670"), std::nullopt);
    EXPECT_EQ(hec_time("2013-07-15T23:33:22.670"), std::nullopt);  // no zone
    EXPECT_EQ(hec_time("2013-02-30T23:33:22.670Z"), std::nullopt);
    EXPECT_EQ(hec_time("2013-07-15T24:33:22.670Z"), std::nullopt);
    EXPECT_EQ(hec_time("2013-07-15T23:33:22.6x0Z"), std::nullopt);
    EXPECT_EQ(hec_time("1969-12-31T23:59:59.000Z"), std::nullopt);
    EXPECT_EQ(hec_epoch_time(-1), std::nullopt);
}

TEST(HecDefaultSourcetype, LowercasesTheEventType) {
    EXPECT_EQ(hec_default_sourcetype("ReportExport"), "sfdc:eventlogfile:reportexport");
    EXPECT_EQ(hec_default_sourcetype(""), "sfdc:eventlogfile");
}

}  // namespace
}  // namespace sfc::sinks
