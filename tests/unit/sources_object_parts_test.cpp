// The pieces of the object sources that need no Salesforce: records rendered as events, cursors
// as saved, the catalogue, and the reading of INVALID_FIELD messages.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>

#include "config/object_catalog.hpp"
#include "sources/object_cursor.hpp"
#include "sources/object_errors.hpp"
#include "sources/object_event.hpp"

using namespace sfc;
using namespace sfc::sources;

namespace {

object_event_builder audit_builder() {
    return object_event_builder(
        {"00D5j00000DgAYGEA3", "audit", "SetupAuditTrail", "CreatedDate", "Id"});
}

}  // namespace

TEST(object_event, attributes_go_at_every_depth_and_the_record_stays_as_it_was) {
    auto builder = audit_builder();
    const auto rec = builder.build(
        R"({"attributes":{"type":"SetupAuditTrail","url":"/x"},"Id":"0Ym000000000001AAA",)"
        R"("CreatedDate":"2024-03-11T15:00:00.000+0000","Display":"say \"hi\"\n",)"
        R"("CreatedBy":{"attributes":{"type":"User"},"Name":"Ada","Profile":{"attributes":)"
        R"({"type":"Profile"},"Name":"Admin"}},"Count":2692.0,"Big":12345678901234567890,)"
        R"("Flag":false,"Gone":null,"Sub":{"totalSize":1,"done":true,"records":[{"attributes":)"
        R"({"type":"X"},"Id":"a"}]}})");
    EXPECT_EQ(rec.event.json.find("attributes"), std::string::npos) << rec.event.json;
    EXPECT_EQ(rec.cursor, "2024-03-11T15:00:00.000Z");
    EXPECT_EQ(rec.id, "0Ym000000000001AAA");
    const std::string expected_start =
        R"({"Id":"0Ym000000000001AAA","CreatedDate":"2024-03-11T15:00:00.000+0000",)"
        R"("Display":"say \"hi\"\n","CreatedBy":{"Name":"Ada","Profile":{"Name":"Admin"}},)"
        R"("Count":2692.0,"Big":12345678901234567890,"Flag":false,"Gone":null,)"
        R"("Sub":{"totalSize":1,"done":true,"records":[{"Id":"a"}]},"sfc":{"event_id":")";
    EXPECT_EQ(rec.event.json.substr(0, expected_start.size()), expected_start);
    const std::string expected_end =
        R"(","org_id":"00D5j00000DgAYGEA3","source":"audit","object":"SetupAuditTrail",)"
        R"("timestamp":"2024-03-11T15:00:00.000Z"}})";
    ASSERT_GT(rec.event.json.size(), expected_end.size());
    EXPECT_EQ(rec.event.json.substr(rec.event.json.size() - expected_end.size()), expected_end);
    simdjson::dom::parser parser;
    EXPECT_FALSE(parser.parse(rec.event.json).error()) << "valid JSON";
}

// What the formats read without parsing the JSON: each field's place and kind, and the origin.
TEST(object_event, indexes_the_record_fields_and_types_the_metadata) {
    auto builder = audit_builder();
    const auto rec = builder.build(
        R"({"attributes":{"type":"T"},"Id":"0Ym1","CreatedDate":"2024-03-11T15:00:00.000+0000",)"
        R"("Display":"say \"hi\"","By":{"attributes":{},"Name":"Ada"},"Count":2692.0,)"
        R"("Flag":false,"Gone":null})");
    const std::string_view json = rec.event.json;
    using kind = json_member::kind;
    const std::vector<std::pair<std::string_view, kind>> expected = {
        {"0Ym1", kind::string},
        {"2024-03-11T15:00:00.000+0000", kind::string},
        {R"(say \"hi\")", kind::string},
        {R"({"Name":"Ada"})", kind::nested},
        {"2692.0", kind::number},
        {"false", kind::boolean},
        {"null", kind::null}};
    ASSERT_EQ(rec.event.members.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const json_member& m = rec.event.members[k];
        EXPECT_EQ(json.substr(m.value_at, m.value_size), expected[k].first);
        EXPECT_EQ(m.type, expected[k].second);
        EXPECT_EQ(m.value_escaped, k == 2);
    }
    EXPECT_EQ(json.substr(rec.event.members[3].key_at, rec.event.members[3].key_size), "By");
    ASSERT_NE(rec.event.origin, nullptr);
    EXPECT_EQ(rec.event.origin->source, "audit");
    EXPECT_EQ(rec.event.origin->org_id, "00D5j00000DgAYGEA3");
    EXPECT_TRUE(rec.event.origin->event_type.empty());
    EXPECT_EQ(rec.event.row, 0u);
    EXPECT_EQ(rec.event.epoch_ms, 1710169200000);  // 2024-03-11T15:00:00Z
}

TEST(object_event, the_id_depends_on_org_object_and_record_id_only) {
    auto builder = audit_builder();
    const auto a = builder.build(
        R"({"Id":"0Ym000000000001AAA","CreatedDate":"2024-03-11T15:00:00.000+0000"})");
    const auto again = builder.build(
        R"({"Id":"0Ym000000000001AAA","CreatedDate":"2024-03-11T15:00:00.000+0000","X":1})");
    const auto other = builder.build(
        R"({"Id":"0Ym000000000002AAA","CreatedDate":"2024-03-11T15:00:00.000+0000"})");
    EXPECT_EQ(a.event.id, again.event.id);
    EXPECT_NE(a.event.id, other.event.id);
    EXPECT_EQ(a.event.id.size(), 32u);
    EXPECT_NE(a.event.json.find(R"("event_id":")" + a.event.id + "\""), std::string::npos);
}

TEST(object_event, field_names_match_whatever_their_case_and_nulls_leave_no_cursor) {
    object_event_builder builder(
        {"00D5j00000DgAYGEA3", "LoginEvent", "LoginEvent", "eventdate", "eventidentifier"});
    const auto rec =
        builder.build(R"({"EventDate":"2024-03-11T15:00:00.123+0000","EventIdentifier":"e-1"})");
    EXPECT_EQ(rec.cursor, "2024-03-11T15:00:00.123Z");
    EXPECT_EQ(rec.id, "e-1");
    const auto null = builder.build(R"({"EventDate":null,"EventIdentifier":null})");
    EXPECT_TRUE(null.cursor.empty());
    EXPECT_TRUE(null.id.empty());
    EXPECT_EQ(null.event.json.find("timestamp"), std::string::npos);
    EXPECT_EQ(null.event.id.size(), 32u) << "an id from the content";
    EXPECT_THROW(builder.build("[1,2]"), std::runtime_error);
    EXPECT_THROW(builder.build(R"({"EventDate":)"), std::runtime_error);
}

TEST(object_cursor, standard_cursors_round_trip) {
    const standard_cursor c{"2024-03-11T15:00:00.000Z", "0Ym000000000001AAA"};
    const auto back = standard_cursor::from_json(c.to_json());
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->cursor, c.cursor);
    EXPECT_EQ(back->id, c.id);
    EXPECT_FALSE(standard_cursor::from_json("{}").has_value());
    EXPECT_FALSE(standard_cursor::from_json("not json").has_value());
}

TEST(object_cursor, big_object_cursors_round_trip_with_and_without_a_window) {
    big_object_cursor c;
    c.date = "2024-03-11T15:00:00.000Z";
    c.ids = {"a", "b\"quoted"};
    auto back = big_object_cursor::from_json(c.to_json());
    ASSERT_TRUE(back.has_value()) << c.to_json();
    EXPECT_EQ(back->date, c.date);
    EXPECT_EQ(back->ids, c.ids);
    EXPECT_FALSE(back->window.has_value());

    c.window = window_progress{
        "2024-03-11T16:00:00.000Z", {"t"}, "2024-03-11T15:30:00.000Z", {"l1", "l2"}};
    back = big_object_cursor::from_json(c.to_json());
    ASSERT_TRUE(back.has_value() && back->window.has_value()) << c.to_json();
    EXPECT_EQ(back->window->top, c.window->top);
    EXPECT_EQ(back->window->top_ids, c.window->top_ids);
    EXPECT_EQ(back->window->low, c.window->low);
    EXPECT_EQ(back->window->low_ids, c.window->low_ids);
}

TEST(object_cursor, a_cursor_of_the_other_kind_is_not_taken) {
    const standard_cursor s{"2024-03-11T15:00:00.000Z", "x"};
    EXPECT_FALSE(big_object_cursor::from_json(s.to_json()).has_value());
    big_object_cursor b;
    b.date = "2024-03-11T15:00:00.000Z";
    EXPECT_FALSE(standard_cursor::from_json(b.to_json()).has_value());
}

TEST(object_catalog, every_object_selects_its_cursor_and_id_fields_once) {
    for (const auto& k : config::known_objects()) {
        SCOPED_TRACE(std::string(k.name));
        const auto c = config::defaults_for(k);
        std::set<std::string> unique(c.fields.begin(), c.fields.end());
        EXPECT_EQ(unique.size(), c.fields.size()) << "a duplicate field";
        EXPECT_TRUE(unique.contains(c.cursor_field));
        EXPECT_TRUE(unique.contains(c.id_field));
        EXPECT_FALSE(k.permission.empty());
        if (k.kind == config::object_kind::big_object) {
            EXPECT_EQ(k.cursor_field, "EventDate");
            EXPECT_EQ(k.id_field, "EventIdentifier");
        }
    }
    EXPECT_EQ(config::known_objects().size(), 19u);
}

TEST(object_catalog, the_doc_s_cursors_and_kinds) {
    const auto* lh = config::find_known_object("loginhistory");
    ASSERT_NE(lh, nullptr);
    EXPECT_EQ(lh->cursor_field, "LoginTime");
    EXPECT_EQ(lh->kind, config::object_kind::standard);
    EXPECT_EQ(config::find_known_object("SetupAuditTrail")->cursor_field, "CreatedDate");
    EXPECT_EQ(config::find_known_object("LoginEvent")->kind, config::object_kind::big_object);
    EXPECT_EQ(config::find_known_object("SessionHijackingEventStore")->kind,
              config::object_kind::standard);
    EXPECT_EQ(config::find_known_object("SessionHijackingEventStore")->id_field, "Id");
    EXPECT_EQ(config::find_known_object("Account"), nullptr);
    EXPECT_NE(config::permission_for("NewThingEventStore").find("Real-Time"), std::string::npos);
    EXPECT_NE(config::permission_for("LoginHistory").find("Monitor Login History"),
              std::string::npos);
    EXPECT_NE(config::permission_for("MyAudit__c").find("Read"), std::string::npos);
}

TEST(object_errors, the_missing_column_is_read_from_salesforce_s_message) {
    EXPECT_EQ(missing_column("\nSELECT Id, FullName FROM Account\n           ^\nERROR at "
                             "Row:1:Column:12\nNo such column 'FullName' on entity 'Account'. If "
                             "you are attempting..."),
              "FullName");
    EXPECT_FALSE(missing_column("value of filter criterion for field 'X' must be...").has_value());
    EXPECT_FALSE(missing_column("No such column '' on entity").has_value());
}
