// SOQL for the object sources: the cursor pattern, the big-object window, and what is refused.

#include "salesforce/object_query.hpp"

#include <gtest/gtest.h>

using namespace sfc::salesforce;

namespace {

object_select audit_trail() {
    object_select s;
    s.object = "SetupAuditTrail";
    s.fields = {"Id", "CreatedDate", "Action"};
    s.cursor_field = "CreatedDate";
    s.id_field = "Id";
    return s;
}

object_select login_event() {
    object_select s;
    s.object = "LoginEvent";
    s.fields = {"EventDate", "EventIdentifier", "UserId"};
    s.cursor_field = "EventDate";
    s.id_field = "EventIdentifier";
    return s;
}

}  // namespace

TEST(object_query, resumes_after_the_cursor_with_the_id_tie_break) {
    standard_bounds b;
    b.after_cursor = "2024-03-11T15:00:00.000+0000";
    b.after_id = "0Ym000000000001AAA";
    EXPECT_EQ(build_standard_query(audit_trail(), b),
              "SELECT Id, CreatedDate, Action FROM SetupAuditTrail WHERE (CreatedDate > "
              "2024-03-11T15:00:00.000Z OR (CreatedDate = 2024-03-11T15:00:00.000Z AND Id > "
              "'0Ym000000000001AAA')) ORDER BY CreatedDate ASC, Id ASC");
}

TEST(object_query, the_first_run_starts_at_since_inclusive) {
    standard_bounds b;
    b.since = "2024-03-04T15:00:00Z";
    EXPECT_EQ(build_standard_query(audit_trail(), b),
              "SELECT Id, CreatedDate, Action FROM SetupAuditTrail WHERE CreatedDate >= "
              "2024-03-04T15:00:00.000Z ORDER BY CreatedDate ASC, Id ASC");
}

TEST(object_query, an_operator_condition_is_anded_in_parentheses) {
    object_select s;
    s.object = "MyAudit__c";
    s.fields = {"Name", "Action__c"};
    s.cursor_field = "Logged__c";
    s.id_field = "Id";
    s.where = "Action__c = 'x' OR Action__c = 'y'";
    standard_bounds b;
    b.after_cursor = "2024-03-11T15:00:00.000Z";
    b.after_id = "a00000000000001AAA";
    const std::string soql = build_standard_query(s, b);
    EXPECT_TRUE(soql.starts_with("SELECT Logged__c, Id, Name, Action__c FROM MyAudit__c WHERE "))
        << soql;
    EXPECT_NE(soql.find("AND Id > 'a00000000000001AAA')) AND (Action__c = 'x' OR Action__c = "
                        "'y') ORDER BY Logged__c ASC, Id ASC"),
              std::string::npos)
        << soql;
}

TEST(object_query, cursor_and_id_fields_are_selected_once_whatever_their_case) {
    object_select s = audit_trail();
    s.fields = {"createddate", "Action", "Action", "ID"};
    standard_bounds b;
    b.since = "2024-03-04T15:00:00Z";
    EXPECT_EQ(build_standard_query(s, b).substr(0, 50),
              "SELECT createddate, Action, ID FROM SetupAuditTrai");
}

TEST(object_query, ids_are_quoted_so_they_cannot_end_the_literal) {
    standard_bounds b;
    b.after_cursor = "2024-03-11T15:00:00Z";
    b.after_id = "x' OR Id != '";
    EXPECT_NE(build_standard_query(audit_trail(), b).find(R"(Id > 'x\' OR Id != \'')"),
              std::string::npos);
}

TEST(object_query, big_objects_filter_on_the_cursor_field_only_newest_first) {
    EXPECT_EQ(build_big_object_query(
                  login_event(), "2024-03-11T15:00:00.000+0000", "2024-03-11T16:00:00.250Z"),
              "SELECT EventDate, EventIdentifier, UserId FROM LoginEvent WHERE EventDate >= "
              "2024-03-11T15:00:00.000Z AND EventDate <= 2024-03-11T16:00:00.250Z ORDER BY "
              "EventDate DESC");
}

TEST(object_query, big_objects_refuse_an_extra_condition) {
    object_select s = login_event();
    s.where = "UserId = '005'";
    try {
        build_big_object_query(s, "2024-03-11T15:00:00Z", "2024-03-11T16:00:00Z");
        FAIL() << "accepted a where clause";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("LoginEvent"), std::string::npos) << e.what();
    }
}

TEST(object_query, names_that_are_not_identifiers_are_refused) {
    standard_bounds b;
    b.since = "2024-03-04T15:00:00Z";
    for (const char* bad : {"Id, (SELECT Id FROM x)", "", "a..b", ".a", "a.", "1abc", "a b"}) {
        object_select s = audit_trail();
        s.fields.push_back(bad);
        EXPECT_THROW(build_standard_query(s, b), std::invalid_argument) << bad;
    }
    object_select s = audit_trail();
    s.object = "SetupAuditTrail WHERE";
    EXPECT_THROW(build_standard_query(s, b), std::invalid_argument);
    EXPECT_TRUE(is_soql_identifier("CreatedBy.Profile.Name"));
    EXPECT_TRUE(is_soql_identifier("ns__Field__c"));
}

TEST(object_query, datetimes_that_do_not_parse_are_refused) {
    standard_bounds b;
    b.after_cursor = "2024-03-11 OR Id != null";
    b.after_id = "x";
    EXPECT_THROW(build_standard_query(audit_trail(), b), std::invalid_argument);
    EXPECT_THROW(build_big_object_query(login_event(), "yesterday", "2024-03-11T16:00:00Z"),
                 std::invalid_argument);
    EXPECT_THROW(build_standard_query(audit_trail(), standard_bounds{}), std::invalid_argument);
}
