#include "salesforce/elf_record.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace sfc::salesforce {
namespace {

// As a query page returns it (salesforce-api.md 3.3, 4.1).
constexpr const char* full_record = R"({
  "attributes": {"type": "EventLogFile",
                 "url": "/services/data/v64.0/sobjects/EventLogFile/0ATD000000001bROAQ"},
  "Id": "0ATD000000001bROAQ", "EventType": "Login", "LogDate": "2024-03-11T14:00:00.000+0000",
  "Interval": "Hourly", "Sequence": 2, "CreatedDate": "2024-03-11T17:04:35.000+0000",
  "LogFileLength": 2692.0,
  "LogFile": "/services/data/v64.0/sobjects/EventLogFile/0ATD000000001bROAQ/LogFile"})";

std::string runtime_error_text(std::string_view json) {
    try {
        parse_elf_record(json);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no exception";
}

TEST(parse_elf_record, reads_every_field) {
    const elf_record r = parse_elf_record(full_record);
    EXPECT_EQ(r.id, "0ATD000000001bROAQ");
    EXPECT_EQ(r.event_type, "Login");
    EXPECT_EQ(r.log_date, "2024-03-11T14:00:00.000+0000");
    EXPECT_EQ(r.interval, "Hourly");
    EXPECT_EQ(r.sequence, 2);
    EXPECT_EQ(r.created_date, "2024-03-11T17:04:35.000+0000");
    EXPECT_DOUBLE_EQ(r.log_file_length, 2692.0);
    EXPECT_EQ(r.log_file, "/services/data/v64.0/sobjects/EventLogFile/0ATD000000001bROAQ/LogFile");
}

TEST(parse_elf_record, nulls_and_absences_take_defaults) {
    const elf_record r = parse_elf_record(
        R"({"Id":"0AT1","EventType":"URI","LogDate":"2014-03-14T00:00:00.000+0000",)"
        R"("Interval":null,"Sequence":null,"CreatedDate":"2014-03-15T03:00:00.000+0000",)"
        R"("LogFile":"/services/data/v64.0/sobjects/EventLogFile/0AT1/LogFile"})");
    EXPECT_EQ(r.interval, "");
    EXPECT_EQ(r.sequence, 0);
    EXPECT_EQ(r.log_file_length, 0.0);
}

TEST(parse_elf_record, integral_length_and_float_sequence_are_read) {
    const elf_record r = parse_elf_record(
        R"({"Id":"0AT1","EventType":"URI","LogDate":"d","CreatedDate":"c","LogFile":"/f",)"
        R"("LogFileLength":12,"Sequence":3.0})");
    EXPECT_EQ(r.log_file_length, 12.0);
    EXPECT_EQ(r.sequence, 3);
}

TEST(parse_elf_record, names_a_missing_field) {
    for (const char* field : {"Id", "EventType", "LogDate", "CreatedDate", "LogFile"}) {
        std::string json = full_record;
        const std::string key = std::string("\"") + field + "\"";
        json.replace(json.find(key), key.size(), "\"Other\"");
        const std::string what = runtime_error_text(json);
        EXPECT_NE(what.find(std::string("missing field '") + field + "'"), std::string::npos)
            << what;
    }
}

TEST(parse_elf_record, rejects_wrong_types_and_bad_json) {
    EXPECT_NE(runtime_error_text(R"({"Id":5})").find("field 'Id' is not a string"),
              std::string::npos);
    EXPECT_NE(runtime_error_text(
                  R"({"Id":"a","EventType":"b","LogDate":"c","CreatedDate":"d","LogFile":"e",)"
                  R"("Sequence":1.5})")
                  .find("field 'Sequence' is not an integer"),
              std::string::npos);
    EXPECT_NE(runtime_error_text(
                  R"({"Id":"a","EventType":"b","LogDate":"c","CreatedDate":"d","LogFile":"e",)"
                  R"("LogFileLength":"big"})")
                  .find("field 'LogFileLength' is not a number"),
              std::string::npos);
    EXPECT_NE(runtime_error_text(R"({"Id":"a",)").find("malformed JSON"), std::string::npos);
    EXPECT_NE(runtime_error_text("<html>").find("malformed JSON"), std::string::npos);
    EXPECT_NE(runtime_error_text("[1]").find("not a JSON object"), std::string::npos);
    EXPECT_NE(runtime_error_text("").find("EventLogFile record"), std::string::npos);
}

}  // namespace
}  // namespace sfc::salesforce
