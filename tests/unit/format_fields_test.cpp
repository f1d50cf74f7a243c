#include <gtest/gtest.h>

#include <string>

#include "format/event_fields.hpp"
#include "format/event_json.hpp"

namespace sfc::format {
namespace {

TEST(read_fields, reads_sfc_metadata_and_columns_in_order) {
    const sfc::event e = format::event_from_json(
        "5b0c7e",
        R"({"EVENT_TYPE":"Login","USER_NAME":"jane","sfc":{"event_id":"other","org_id":"00D",)"
        R"("source":"EventLogFile","event_type":"Login","log_file_id":"0AT","sequence":1,)"
        R"("row":17,"timestamp":"2023-12-18T05:48:31.655Z"},"CPU_TIME":"5"})");
    const event_fields f = read_fields(e);
    EXPECT_TRUE(f.parsed);
    EXPECT_EQ(f.event_id, "5b0c7e");  // the event's own id wins
    EXPECT_EQ(f.event_type, "Login");
    EXPECT_EQ(f.org_id, "00D");
    EXPECT_EQ(f.source, "EventLogFile");
    EXPECT_EQ(f.log_file_id, "0AT");
    EXPECT_EQ(f.row, "17");
    EXPECT_EQ(f.epoch_ms, 1702878511655);
    ASSERT_EQ(f.columns.size(), 3u);
    EXPECT_EQ(f.columns[0].name, "EVENT_TYPE");
    EXPECT_EQ(f.columns[1].value, "jane");
    EXPECT_EQ(f.columns[2].name, "CPU_TIME");
    ASSERT_NE(f.find("USER_NAME"), nullptr);
    EXPECT_EQ(*f.find("USER_NAME"), "jane");
    EXPECT_EQ(f.find("user_name"), nullptr);
}

TEST(read_fields, id_and_type_fall_back_when_missing) {
    const sfc::event e =
        format::event_from_json("", R"({"EVENT_TYPE":"URI","sfc":{"event_id":"e1"}})");
    const event_fields f = read_fields(e);
    EXPECT_EQ(f.event_id, "e1");
    EXPECT_EQ(f.event_type, "URI");
    EXPECT_FALSE(f.epoch_ms);
}

TEST(read_fields, escapes_are_decoded_and_scalars_kept_as_text) {
    const sfc::event e = format::event_from_json(
        "x", R"({"A":"q\"\\\u00e9\n","N":-3,"D":1.5,"T":false,"Z":null,"O":{},"L":[]})");
    const event_fields f = read_fields(e);
    ASSERT_EQ(f.columns.size(), 4u);
    EXPECT_EQ(f.columns[0].value, "q\"\\\xC3\xA9\n");
    EXPECT_EQ(f.columns[1].value, "-3");
    EXPECT_EQ(f.columns[2].value, "1.5");
    EXPECT_EQ(f.columns[3].value, "false");
}

TEST(read_fields, malformed_or_non_object_json_gives_the_id_only) {
    for (const char* json :
         {"", "{", R"({"A":"b",})", "[1]", "\"s\"", "{\"A\":\"\xFF\"}", R"({"A":"b"} trailing)"}) {
        const sfc::event e = format::event_from_json("id9", json);
        const event_fields f = read_fields(e);
        EXPECT_FALSE(f.parsed) << json;
        EXPECT_EQ(f.event_id, "id9");
        EXPECT_TRUE(f.columns.empty());
        EXPECT_TRUE(f.event_type.empty());
    }
}

TEST(read_fields, nested_members_are_skipped_whatever_they_hold) {
    const sfc::event e = format::event_from_json(
        "x", R"({ "O" : {"a":"}","b":[1,{"c":"]"}]} , "S":"v\"}", "L":[], "N" : 2 })");
    const event_fields f = read_fields(e);
    ASSERT_EQ(f.columns.size(), 2u);
    EXPECT_EQ(f.columns[0].value, "v\"}");
    EXPECT_EQ(f.columns[1].name, "N");
    EXPECT_EQ(f.columns[1].value, "2");
}

TEST(read_fields, a_non_object_sfc_member_is_an_ordinary_column) {
    const sfc::event e = format::event_from_json("x", R"({"sfc":"text"})");
    const event_fields f = read_fields(e);
    EXPECT_TRUE(f.parsed);
    ASSERT_EQ(f.columns.size(), 1u);
    EXPECT_EQ(f.columns[0].value, "text");
}

}  // namespace
}  // namespace sfc::format
