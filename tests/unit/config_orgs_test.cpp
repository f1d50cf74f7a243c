// Several orgs: `orgs:` items with their own connection, what each inherits from the top-level
// event_log_file and objects, unique names and instances, and errors that show the item's path.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config_test_support.hpp"

namespace sfc::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

using namespace test_support;

/// An orgs: item of seven lines (name, salesforce and its five values).
std::string org_item(std::string_view name, std::string_view host) {
    return "  - name: " + std::string(name) +
           "\n"
           "    salesforce:\n"
           "      private_key: keys/" +
           std::string(name) +
           ".pem\n"
           "      username: integration@example.com\n"
           "      client_id: 3MVG9abc\n"
           "      instance_url: https://" +
           std::string(host) +
           ".my.salesforce.com\n"
           "      api_version: \"64.0\"\n";
}

std::vector<std::string> object_names(const org_config& org) {
    std::vector<std::string> out;
    for (const auto& object : org.objects) out.push_back(object.name);
    return out;
}

TEST(config_orgs, one_org_form_is_named_default) {
    auto config = load_text(salesforce_block + "objects: [LoginHistory]\n");
    ASSERT_EQ(config.orgs.size(), 1u);
    EXPECT_EQ(config.orgs[0].name, "default");
    EXPECT_EQ(config.orgs[0].salesforce.client_id, "3MVG9abc");
    EXPECT_THAT(object_names(config.orgs[0]), ElementsAre("LoginHistory"));
}

TEST(config_orgs, several_orgs_inherit_the_top_level_sections_unless_they_set_their_own) {
    auto config = load_text(
        "event_log_file:\n"
        "  interval: Daily\n"
        "objects: [SetupAuditTrail]\n"
        "orgs:\n" +
        org_item("prod", "acme") + org_item("sandbox", "acme--uat.sandbox") +
        "    event_log_file:\n"
        "      event_types: [Login]\n"
        "    objects: []\n");
    ASSERT_EQ(config.orgs.size(), 2u);
    const auto& prod = config.orgs[0];
    EXPECT_EQ(prod.name, "prod");
    EXPECT_EQ(prod.salesforce.private_key, "/etc/sfcollector/keys/prod.pem");
    EXPECT_EQ(prod.salesforce.instance_url, "https://acme.my.salesforce.com");
    EXPECT_EQ(prod.event_log_file.interval, elf_interval::daily);
    EXPECT_THAT(prod.event_log_file.event_types, IsEmpty());
    EXPECT_THAT(object_names(prod), ElementsAre("SetupAuditTrail"));

    const auto& sandbox = config.orgs[1];
    EXPECT_EQ(sandbox.name, "sandbox");
    EXPECT_EQ(sandbox.salesforce.instance_url, "https://acme--uat.sandbox.my.salesforce.com");
    // An org's own section replaces the top-level one as a whole.
    EXPECT_EQ(sandbox.event_log_file.interval, elf_interval::hourly);
    EXPECT_THAT(sandbox.event_log_file.event_types, ElementsAre("Login"));
    EXPECT_THAT(sandbox.objects, IsEmpty());
}

TEST(config_orgs, errors_show_the_item_path) {
    std::string yaml = "orgs:\n" + org_item("prod", "acme") + org_item("eu", "acme-eu");
    yaml.replace(yaml.rfind("      client_id: 3MVG9abc\n"),
                 std::string("      client_id: 3MVG9abc\n").size(),
                 "      client_id: \"\"\n");
    auto message = error_text(yaml);
    EXPECT_THAT(message, StartsWith(at(13, "orgs[1].salesforce.client_id")));
    EXPECT_THAT(message, HasSubstr("Consumer Key"));

    message = error_text("orgs:\n" + org_item("prod", "acme") + "    interval: Daily\n");
    EXPECT_THAT(message, StartsWith(at(9, "orgs[0].interval")));
    EXPECT_THAT(message, HasSubstr("unknown key"));

    message = error_text("orgs:\n" + org_item("prod", "acme") +
                         "    event_log_file: {interval: weekly}\n");
    EXPECT_THAT(message, StartsWith(at(9, "orgs[0].event_log_file.interval")));
}

TEST(config_orgs, salesforce_and_orgs_together_are_refused) {
    auto message = error_text(salesforce_block + "orgs:\n" + org_item("prod", "acme"));
    EXPECT_THAT(message, StartsWith(at(7, "orgs")));
    EXPECT_THAT(message, AllOf(HasSubstr("both 'salesforce' and 'orgs'"), HasSubstr("keep one")));
}

TEST(config_orgs, empty_orgs_list_is_refused) {
    auto message = error_text("orgs: []\n");
    EXPECT_THAT(message, StartsWith(at(1, "orgs")));
    EXPECT_THAT(message, AllOf(HasSubstr("no orgs"), HasSubstr("- name:")));
}

TEST(config_orgs, name_and_salesforce_are_required) {
    std::string item = org_item("prod", "acme");
    auto message =
        error_text("orgs:\n" + item.replace(0, item.find('\n') + 1, "  - objects: []\n"));
    EXPECT_THAT(message, StartsWith(at(2, "orgs[0].name")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("required value is missing"), HasSubstr("name: production")));

    message = error_text("orgs:\n  - name: prod\n");
    EXPECT_THAT(message, StartsWith(at(2, "orgs[0].salesforce")));
    EXPECT_THAT(message, HasSubstr("required section is missing"));
}

TEST(config_orgs, org_name_must_be_plain) {
    auto message = error_text("orgs:\n" + org_item("'prod org'", "acme"));
    EXPECT_THAT(message, StartsWith(at(2, "orgs[0].name")));
    EXPECT_THAT(message, AllOf(HasSubstr("letters, digits"), HasSubstr("'prod org'")));
}

TEST(config_orgs, duplicate_names_are_refused) {
    auto message = error_text("orgs:\n" + org_item("prod", "acme") + org_item("prod", "other"));
    EXPECT_THAT(message, StartsWith(at(9, "orgs[1].name")));
    EXPECT_THAT(message,
                AllOf(HasSubstr("'prod' is also used by orgs[0] (line 2)"), HasSubstr("own name")));
}

TEST(config_orgs, top_level_defaults_are_checked_even_when_every_org_has_its_own) {
    auto message = error_text("objects: [LoginHistroy]\norgs:\n" + org_item("prod", "acme") +
                              "    objects: []\n");
    EXPECT_THAT(message, StartsWith(at(1, "objects[0]")));
}

}  // namespace
}  // namespace sfc::config
