#include "sources/elf_cursor.hpp"

#include <gtest/gtest.h>

using sfc::sources::elf_cursor;

TEST(elf_cursor, round_trips) {
    elf_cursor c{"2024-03-11T15:00:00.000Z", "0ATD000000001bROAQ", "0ATD000000001bSOAQ", 4242};
    auto back = elf_cursor::from_json(c.to_json());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->created_date, c.created_date);
    EXPECT_EQ(back->id, c.id);
    EXPECT_EQ(back->partial_id, c.partial_id);
    EXPECT_EQ(back->partial_rows, 4242u);
}

TEST(elf_cursor, files_delivered_ahead_round_trip_as_version_2) {
    elf_cursor c{"2024-03-11T15:00:00.000Z", "0ATD000000001bROAQ", "0ATD000000001bSOAQ", 42};
    EXPECT_NE(c.to_json().find("\"version\":1"), std::string::npos) << "what older releases read";
    c.ahead = {{"0ATD000000001bTOAQ", 0, true}, {"0ATD000000001bUOAQ", 1000, false}};
    const std::string json = c.to_json();
    EXPECT_NE(json.find("\"version\":2"), std::string::npos) << json;
    auto back = elf_cursor::from_json(json);
    ASSERT_TRUE(back) << json;
    EXPECT_EQ(*back, c);
    EXPECT_FALSE(elf_cursor::from_json(
        "{\"version\":2,\"created_date\":\"\",\"id\":\"\",\"partial_id\":\"\",\"partial_rows\":0,"
        "\"ahead\":[{\"id\":\"x\"}]}"));
}

TEST(elf_cursor, empty_cursor_round_trips) {
    auto back = elf_cursor::from_json(elf_cursor{}.to_json());
    ASSERT_TRUE(back);
    EXPECT_TRUE(back->empty());
}

TEST(elf_cursor, rejects_what_it_did_not_write) {
    EXPECT_FALSE(elf_cursor::from_json(""));
    EXPECT_FALSE(elf_cursor::from_json("{\"version\":1,\"crea"));
    EXPECT_FALSE(
        elf_cursor::from_json("{\"version\":2,\"created_date\":\"\",\"id\":\"\","
                              "\"partial_id\":\"\",\"partial_rows\":0}"));
    EXPECT_FALSE(elf_cursor::from_json("[1,2,3]"));
    EXPECT_FALSE(elf_cursor::from_json("{\"version\":1,\"created_date\":5}"));
}
