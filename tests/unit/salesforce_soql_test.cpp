#include "salesforce/soql.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sfc::salesforce {
namespace {

using namespace std::chrono;

system_clock::time_point at(year_month_day date, system_clock::duration time_of_day) {
    return system_clock::time_point{sys_days{date}} + time_of_day;
}

const auto march_11_15h = at(2024y / March / 11, hours{15});

TEST(soql_datetime, renders_utc_with_milliseconds) {
    EXPECT_EQ(soql_datetime(march_11_15h), "2024-03-11T15:00:00.000Z");
    EXPECT_EQ(soql_datetime(march_11_15h + milliseconds{123} + microseconds{999}),
              "2024-03-11T15:00:00.123Z");
    EXPECT_EQ(soql_datetime(system_clock::time_point{} - milliseconds{1}),
              "1969-12-31T23:59:59.999Z");
}

TEST(parse_sf_datetime, reads_every_accepted_form) {
    for (const char* text : {"2024-03-11T15:00:00.000+0000",
                             "2024-03-11T15:00:00.000Z",
                             "2024-03-11T15:00:00.000+00:00",
                             "2024-03-11T15:00:00Z",
                             "2024-03-11T15:00:00+0000",
                             "2024-03-11T15:00:00-00:00"}) {
        const auto t = parse_sf_datetime(text);
        ASSERT_TRUE(t.has_value()) << text;
        EXPECT_EQ(*t, march_11_15h) << text;
    }
}

TEST(parse_sf_datetime, applies_offsets) {
    EXPECT_EQ(parse_sf_datetime("2024-03-11T17:30:00.000+0230"), march_11_15h);
    EXPECT_EQ(parse_sf_datetime("2024-03-11T10:00:00.000-05:00"), march_11_15h);
    // Crossing midnight and a month boundary backwards.
    EXPECT_EQ(parse_sf_datetime("2024-03-01T01:00:00+02:00"),
              at(2024y / February / 29, hours{23}));
}

TEST(parse_sf_datetime, keeps_the_fraction) {
    EXPECT_EQ(parse_sf_datetime("2024-03-11T15:00:00.5Z"), march_11_15h + milliseconds{500});
    EXPECT_EQ(parse_sf_datetime("2024-03-11T15:00:00.973+0000"),
              march_11_15h + milliseconds{973});
    EXPECT_EQ(parse_sf_datetime("2024-03-11T15:00:00.000001Z"),
              march_11_15h + microseconds{1});
}

// Found by fuzz/json_responses: a year past 2261 overflowed system_clock's nanoseconds (signed
// overflow, then a wrong time); such a value is refused instead.
TEST(parse_sf_datetime, refuses_years_system_clock_cannot_hold) {
    EXPECT_EQ(parse_sf_datetime("7024-03-11T15:00:00.000+0000"), std::nullopt);
    EXPECT_EQ(parse_sf_datetime("2262-04-12T00:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_sf_datetime("1677-01-01T00:00:00Z"), std::nullopt);
    EXPECT_EQ(soql_datetime_from_sf("9999-12-31T23:59:59.999+0000"), std::nullopt);
    EXPECT_EQ(soql_datetime_from_sf("2261-12-31T23:59:59.999+0000"), "2261-12-31T23:59:59.999Z");
}

TEST(parse_sf_datetime, rejects_malformed_text) {
    for (const char* text : {"",
                             "2024-03-11",
                             "2024-03-11T15:00:00",  // no zone: ambiguous
                             "2024-03-11 15:00:00Z",
                             "2024-13-11T15:00:00Z",
                             "2023-02-29T15:00:00Z",
                             "2024-03-11T24:00:00Z",
                             "2024-03-11T15:60:00Z",
                             "2024-03-11T15:00:00.Z",
                             "2024-03-11T15:00:00.0000000001Z",
                             "2024-03-11T15:00:00+2400",
                             "2024-03-11T15:00:00+01",
                             "2024-03-11T15:00:00Z ",
                             "2024-03-11T15:00:00Z OR Id != null",
                             "+024-03-11T15:00:00Z"}) {
        EXPECT_FALSE(parse_sf_datetime(text).has_value()) << text;
    }
}

TEST(soql_datetime_from_sf, normalises_response_values_keeping_millis) {
    EXPECT_EQ(soql_datetime_from_sf("2023-12-19T21:04:35.973+0000"), "2023-12-19T21:04:35.973Z");
    EXPECT_EQ(soql_datetime_from_sf("2024-03-11T00:30:00.250+01:00"), "2024-03-10T23:30:00.250Z");
    EXPECT_EQ(soql_datetime_from_sf("2024-03-11T15:00:00Z"), "2024-03-11T15:00:00.000Z");
    EXPECT_FALSE(soql_datetime_from_sf("yesterday").has_value());
}

TEST(soql_datetime, round_trips_through_parse) {
    const auto t = march_11_15h + milliseconds{42};
    EXPECT_EQ(parse_sf_datetime(soql_datetime(t)), t);
}

TEST(soql_quote, escapes_quotes_backslashes_and_line_breaks) {
    EXPECT_EQ(soql_quote("Login"), "'Login'");
    EXPECT_EQ(soql_quote(""), "''");
    EXPECT_EQ(soql_quote("O'Brien"), R"('O\'Brien')");
    EXPECT_EQ(soql_quote(R"(a\b)"), R"('a\\b')");
    EXPECT_EQ(soql_quote("a\nb\r\tc"), R"('a\nb\r\tc')");
}

TEST(soql_quote, a_hostile_value_stays_one_literal) {
    // A trailing backslash must not escape the closing quote; a quote must not end the literal.
    EXPECT_EQ(soql_quote(R"(x\' OR Id != ')"), R"('x\\\' OR Id != \'')");
    EXPECT_EQ(soql_quote("x\\"), R"('x\\')");
}

TEST(build_elf_query, with_a_cursor) {
    elf_query_params params;
    params.event_types = {"Login", "URI"};
    params.interval = "Hourly";
    params.after_created_date = "2024-03-11T15:00:00.000Z";
    params.after_id = "0AT5j00000AbCdEFGH";
    params.since = "2024-01-01T00:00:00.000Z";  // ignored once there is a cursor
    EXPECT_EQ(build_elf_query(params),
              "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, "
              "LogFile FROM EventLogFile WHERE Interval = 'Hourly' AND EventType IN "
              "('Login','URI') AND (CreatedDate > 2024-03-11T15:00:00.000Z OR (CreatedDate = "
              "2024-03-11T15:00:00.000Z AND Id > '0AT5j00000AbCdEFGH')) "
              "ORDER BY CreatedDate ASC, Id ASC");
}

TEST(build_elf_query, first_run_uses_since) {
    elf_query_params params;
    params.event_types = {"Login"};
    params.interval = "Daily";
    params.since = "2024-03-10T00:00:00.000+0000";
    EXPECT_EQ(build_elf_query(params),
              "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, "
              "LogFile FROM EventLogFile WHERE Interval = 'Daily' AND EventType IN ('Login') "
              "AND CreatedDate >= 2024-03-10T00:00:00.000Z ORDER BY CreatedDate ASC, Id ASC");
}

TEST(build_elf_query, cursor_without_id_and_no_filters) {
    elf_query_params params;
    params.after_created_date = "2024-03-11T16:00:00.123+01:00";
    EXPECT_EQ(build_elf_query(params),
              "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, "
              "LogFile FROM EventLogFile WHERE CreatedDate > 2024-03-11T15:00:00.123Z "
              "ORDER BY CreatedDate ASC, Id ASC");
    EXPECT_EQ(build_elf_query({}),
              "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, "
              "LogFile FROM EventLogFile ORDER BY CreatedDate ASC, Id ASC");
}

TEST(build_elf_query, quotes_hostile_values) {
    elf_query_params params;
    params.event_types = {"Login') OR (Id != '"};
    params.after_created_date = "2024-03-11T15:00:00.000Z";
    params.after_id = "x' OR Id != '";
    const std::string soql = build_elf_query(params);
    EXPECT_NE(soql.find(R"(EventType IN ('Login\') OR (Id != \''))"), std::string::npos) << soql;
    EXPECT_NE(soql.find(R"(Id > 'x\' OR Id != \''))"), std::string::npos) << soql;
}

TEST(build_elf_query, rejects_a_datetime_that_is_not_one) {
    elf_query_params params;
    params.after_created_date = "2024-03-11T15:00:00Z OR Id != null";
    params.after_id = "0AT";
    EXPECT_THROW(build_elf_query(params), std::invalid_argument);
    elf_query_params first_run;
    first_run.since = "LAST_N_DAYS:3";
    EXPECT_THROW(build_elf_query(first_run), std::invalid_argument);
}

}  // namespace
}  // namespace sfc::salesforce
