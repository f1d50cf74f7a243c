// `objects:`: catalogue objects by name, custom objects as mappings, the defaults filled in, and
// every value that reaches SOQL checked.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/object_catalog.hpp"
#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

using namespace test_support;

// salesforce_block is lines 1 to 6; `objects:` is line 7, its first item line 8.
std::vector<object_source_config> objects_of(std::string_view objects) {
    return only_org(load_text(salesforce_block + "objects:\n" + std::string(objects))).objects;
}

std::string objects_error(std::string_view objects) {
    return error_text(salesforce_block + "objects:\n" + std::string(objects));
}

const known_object& known(std::string_view name) {
    const known_object* found = find_known_object(name);
    EXPECT_NE(found, nullptr) << name;
    return *found;
}

TEST(config_objects, none_by_default) {
    EXPECT_THAT(only_org(load_text(salesforce_block)).objects, IsEmpty());
}

TEST(config_objects, known_names_get_the_catalogue_defaults) {
    auto objects = objects_of("  - SetupAuditTrail\n  - loginhistory\n  - LoginEvent\n");
    ASSERT_EQ(objects.size(), 3u);
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const auto& expected = defaults_for(known(objects[i].object));
        EXPECT_EQ(objects[i].name, expected.name);
        EXPECT_EQ(objects[i].fields, expected.fields);
        EXPECT_EQ(objects[i].cursor_field, expected.cursor_field);
        EXPECT_EQ(objects[i].id_field, expected.id_field);
        EXPECT_EQ(objects[i].kind, expected.kind);
        EXPECT_TRUE(objects[i].where.empty());
    }
    EXPECT_EQ(objects[1].object, "LoginHistory");  // the catalogue's spelling
    EXPECT_EQ(objects[1].cursor_field, "LoginTime");
    EXPECT_EQ(objects[2].kind, object_kind::big_object);
    EXPECT_EQ(objects[2].id_field, "EventIdentifier");
}

TEST(config_objects, a_flow_list_of_names_works_too) {
    auto objects = objects_of("  [SetupAuditTrail, LoginHistory]\n");
    ASSERT_EQ(objects.size(), 2u);
    EXPECT_EQ(objects[1].name, "LoginHistory");
}

TEST(config_objects, misspelt_known_name_gets_a_suggestion) {
    auto message = objects_error("  - LoginHistroy\n");
    EXPECT_THAT(message, StartsWith(at(8, "objects[0]")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("not a built-in object (got 'LoginHistroy')"),
                      HasSubstr("did you mean 'LoginHistory'?")));
}

TEST(config_objects, unknown_name_lists_the_catalogue_and_the_mapping_form) {
    auto message = objects_error("  - MyAudit__c\n");
    EXPECT_THAT(message, StartsWith(at(8, "objects[0]")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("SetupAuditTrail, LoginHistory"),
                      HasSubstr("object:, fields: and cursor_field:"),
                      Not(HasSubstr("did you mean"))));
}

TEST(config_objects, known_object_as_a_mapping_keeps_the_defaults_it_does_not_override) {
    auto objects = objects_of(R"(  - object: LoginHistory
    name: failed-logins
    fields: [Id, UserId, Status]
    where: "Status != 'Success'"
)");
    ASSERT_EQ(objects.size(), 1u);
    const auto& object = objects[0];
    EXPECT_EQ(object.name, "failed-logins");
    EXPECT_EQ(object.object, "LoginHistory");
    EXPECT_EQ(object.cursor_field, "LoginTime");
    EXPECT_EQ(object.id_field, "Id");
    EXPECT_EQ(object.where, "Status != 'Success'");
    // The cursor field is added to a field list that lacks it.
    EXPECT_THAT(object.fields, ElementsAre("Id", "UserId", "Status", "LoginTime"));
}

TEST(config_objects, custom_object_needs_fields_and_cursor_field) {
    auto objects = objects_of(R"(  - object: MyAudit__c
    fields: [Name, Owner.Name, CreatedDate]
    cursor_field: CreatedDate
)");
    ASSERT_EQ(objects.size(), 1u);
    EXPECT_EQ(objects[0].name, "MyAudit__c");
    EXPECT_EQ(objects[0].id_field, "Id");
    EXPECT_EQ(objects[0].kind, object_kind::standard);
    EXPECT_THAT(objects[0].fields, ElementsAre("Name", "Owner.Name", "CreatedDate", "Id"));

    auto message = objects_error("  - object: MyAudit__c\n    cursor_field: CreatedDate\n");
    EXPECT_THAT(message, StartsWith(at(8, "objects[0].object")));
    EXPECT_THAT(
        message,
        AllOf(HasSubstr("fields: and cursor_field: are required"), HasSubstr("dateTime field")));
    message = objects_error("  - object: LoginEvnt\n");
    EXPECT_THAT(message, HasSubstr("did you mean 'LoginEvent'?"));
}

TEST(config_objects, custom_big_object_with_its_own_id_field) {
    auto objects = objects_of(R"(  - object: MyEventStore__b
    fields: [EventDate, EventIdentifier__c]
    cursor_field: EventDate
    id_field: eventidentifier__c
    big_object: true
)");
    EXPECT_EQ(objects.at(0).kind, object_kind::big_object);
    // Compared ignoring case, like SOQL: not added twice.
    EXPECT_THAT(objects.at(0).fields, ElementsAre("EventDate", "EventIdentifier__c"));
}

TEST(config_objects, big_object_can_be_switched_off_for_a_known_object) {
    auto objects = objects_of("  - {object: LoginEvent, big_object: false}\n");
    EXPECT_EQ(objects.at(0).kind, object_kind::standard);
}

TEST(config_objects, object_is_required_in_a_mapping) {
    auto message = objects_error("  - name: x\n    fields: [Id]\n");
    EXPECT_THAT(message, StartsWith(at(8, "objects[0].object")));
    EXPECT_THAT(message, HasSubstr("object: LoginHistory"));
}

TEST(config_objects, names_that_would_break_soql_are_refused) {
    EXPECT_THAT(objects_error("  - {object: \"Account WHERE\", fields: [Id], cursor_field: X}\n"),
                AllOf(StartsWith(at(8, "objects[0].object")), HasSubstr("API name")));
    EXPECT_THAT(objects_error("  - {object: A__c, fields: [Id, \"Name, (SELECT\"], cursor_field: "
                              "CreatedDate}\n"),
                AllOf(StartsWith(at(8, "objects[0].fields[1]")), HasSubstr("CreatedBy.Name")));
    for (std::string bad : {"1Field", "Created..By", "CreatedBy.", "_x", "a-b"}) {
        EXPECT_THAT(objects_error("  - {object: LoginHistory, cursor_field: \"" + bad + "\"}\n"),
                    StartsWith(at(8, "objects[0].cursor_field")))
            << bad;
    }
    EXPECT_THAT(objects_error("  - {object: LoginHistory, id_field: \"Id'\"}\n"),
                StartsWith(at(8, "objects[0].id_field")));
}

TEST(config_objects, where_must_stay_one_balanced_condition) {
    struct where_case {
        std::string where;
        std::string problem;
    };
    for (const auto& c : {where_case{"Status = 'Success", "quote (') is not closed"},
                          where_case{"(A = 1 OR B = 2", "parentheses do not balance"},
                          where_case{"A = 1) OR (B = 2", "parentheses do not balance"},
                          where_case{"A = 1\\nOR B = 2", "holds a line break"}}) {
        auto message = objects_error("  - object: LoginHistory\n    where: \"" + c.where + "\"\n");
        EXPECT_THAT(message, StartsWith(at(9, "objects[0].where"))) << c.where;
        EXPECT_THAT(message, HasSubstr(c.problem)) << c.where;
    }
    auto objects = objects_of(R"(  - object: SetupAuditTrail
    where: (Section = 'Manage Users' OR Display LIKE '%it\'s (x%')
)");
    EXPECT_EQ(objects.at(0).where, R"((Section = 'Manage Users' OR Display LIKE '%it\'s (x%'))");
}

TEST(config_objects, names_are_plain_and_unique) {
    EXPECT_THAT(objects_error("  - {object: LoginHistory, name: 'login history'}\n"),
                AllOf(StartsWith(at(8, "objects[0].name")), HasSubstr("letters, digits")));
    auto message = objects_error("  - LoginHistory\n  - object: LoginHistory\n    where: A = 1\n");
    EXPECT_THAT(message, StartsWith(at(9, "objects[1]")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("'LoginHistory' is also used by objects[0] (line 8)"),
                      HasSubstr("name: of its own")));
    message = objects_error(
        "  - {object: LoginHistory, name: a}\n  - {object: SetupAuditTrail, "
        "name: A}\n");
    EXPECT_THAT(message, StartsWith(at(9, "objects[1]")));
}

TEST(config_objects, fields_list_must_be_a_non_empty_list_without_repeats) {
    EXPECT_THAT(objects_error("  - {object: LoginHistory, fields: []}\n"),
                AllOf(StartsWith(at(8, "objects[0].fields")), HasSubstr("empty")));
    EXPECT_THAT(objects_error("  - {object: LoginHistory, fields: [Id, id]}\n"),
                AllOf(StartsWith(at(8, "objects[0].fields[1]")), HasSubstr("listed twice")));
}

TEST(config_objects, settle_is_off_by_default_and_at_most_a_day) {
    auto objects = objects_of("  - LoginEvent\n  - {object: LoginHistory, settle: 2m}\n");
    ASSERT_EQ(objects.size(), 2u);
    EXPECT_EQ(objects[0].settle, std::chrono::seconds(0));
    EXPECT_EQ(objects[1].settle, std::chrono::minutes(2));
    EXPECT_THAT(objects_error("  - {object: LoginHistory, settle: 2d}\n"),
                AllOf(StartsWith(at(8, "objects[0].settle")), HasSubstr("longer than a day")));
}

TEST(config_objects, item_must_be_a_name_or_a_mapping) {
    auto message = objects_error("  - [LoginHistory]\n");
    EXPECT_THAT(message, StartsWith(at(8, "objects[0]")));
    EXPECT_THAT(message, HasSubstr("'- LoginHistory'"));
}

TEST(config_objects, every_catalogue_default_selects_its_cursor_and_id) {
    for (const auto& entry : known_objects()) {
        auto defaults = defaults_for(entry);
        EXPECT_THAT(defaults.fields, Contains(defaults.cursor_field)) << entry.name;
        EXPECT_THAT(defaults.fields, Contains(defaults.id_field)) << entry.name;
    }
}

}  // namespace
}  // namespace sfc::config
