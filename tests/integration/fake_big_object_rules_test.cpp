// The fake's big-object restrictions (salesforce-api.md §5.3), so that the collector's big-object
// queries are checked against them in every test that reads LoginEvent and friends.

#include "fake_salesforce/big_object_rules.hpp"
#include "fake_salesforce/sobject_schemas.hpp"

#include <gtest/gtest.h>

using namespace sfc::test::fake_sf;

namespace {

// The errorCode check_big_object_query() throws for `soql` on `object`, "" when it passes.
std::string refusal(std::string_view soql, std::string_view object = "LoginEvent") {
    try {
        check_big_object_query(parse_soql(soql, 0), object);
    } catch (const soql_error& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        return e.code();
    }
    return "";
}

}  // namespace

TEST(fake_big_objects, filters_on_event_date_and_event_identifier_with_and_pass) {
    EXPECT_EQ(refusal("SELECT EventDate FROM LoginEvent WHERE EventDate >= 2024-03-11T15:00:00Z "
                      "AND EventDate <= 2024-03-11T16:00:00Z ORDER BY EventDate DESC"),
              "");
    EXPECT_EQ(refusal("SELECT EventDate FROM LoginEvent WHERE EventDate = 2024-03-11T15:00:00Z "
                      "AND EventIdentifier = 'x'"),
              "");
    EXPECT_EQ(refusal("SELECT EventDate FROM LoginEvent"), "");
    EXPECT_EQ(refusal("SELECT Id FROM ReportEvent WHERE UserId = '005'", "ReportEvent"), "");
}

TEST(fake_big_objects, other_fields_operators_and_orders_are_refused) {
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent WHERE UserId = '005'"), "MALFORMED_QUERY");
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent WHERE EventDate != 2024-03-11T15:00:00Z"),
              "INVALID_QUERY_FILTER_OPERATOR");
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent WHERE EventIdentifier IN ('a','b')"),
              "INVALID_QUERY_FILTER_OPERATOR");
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent WHERE EventDate > 2024-03-11T15:00:00Z OR "
                      "(EventDate = 2024-03-11T15:00:00Z AND EventIdentifier > 'x')"),
              "INVALID_QUERY_FILTER_OPERATOR");
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent ORDER BY EventDate ASC"), "MALFORMED_QUERY");
    EXPECT_EQ(refusal("SELECT Id FROM LoginEvent ORDER BY EventDate DESC, EventIdentifier DESC"),
              "MALFORMED_QUERY");
}

TEST(fake_big_objects, the_security_objects_are_described) {
    EXPECT_TRUE(is_big_object("loginevent"));
    EXPECT_TRUE(is_big_object("ApiEvent"));
    EXPECT_FALSE(is_big_object("LoginHistory"));
    EXPECT_FALSE(is_big_object("SessionHijackingEventStore"));
    bool created_date = false;
    for (const auto& f : known_schema("LoginHistory")) created_date |= f.name == "CreatedDate";
    EXPECT_FALSE(created_date) << "LoginHistory has no CreatedDate";
    EXPECT_FALSE(known_schema("SetupAuditTrail").empty());
    EXPECT_TRUE(known_schema("MyAudit__c").empty());
}

TEST(fake_big_objects, ties_come_in_another_order_in_the_next_query) {
    record_table t;
    for (int i = 0; i < 5; ++i) t.rows.push_back({sfc::test::field_value(std::int64_t(i))});
    auto first = t;
    auto second = t;
    shuffle_ties(first, 1);
    shuffle_ties(second, 2);
    EXPECT_NE(first.rows, second.rows);
    EXPECT_EQ(first.rows.size(), 5u);
}
