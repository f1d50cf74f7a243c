#include "app/cli.hpp"
#include "platform/paths.hpp"

#include <gtest/gtest.h>

using sfc::app::command;
using sfc::app::parse_cli;

TEST(cli, commands_and_config) {
    std::string err;
    auto o = parse_cli({"run", "--config", "/x/y.yaml"}, err);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->cmd, command::run);
    EXPECT_EQ(o->config_path, "/x/y.yaml");
    o = parse_cli({"once", "--config=a.yaml"}, err);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->cmd, command::once);
    EXPECT_EQ(o->config_path, "a.yaml");
    o = parse_cli({"validate", "-c", "b.yaml"}, err);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->cmd, command::validate);
}

TEST(cli, default_config_path_is_the_platforms) {
    std::string err;
    auto o = parse_cli({"run"}, err);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->config_path, sfc::platform::default_config_file());
    EXPECT_FALSE(o->config_given);
    EXPECT_FALSE(o->as_service);
}

TEST(cli, service_actions_and_run_under_the_service_manager) {
    using sfc::app::service_action;
    std::string err;
    auto o =
        parse_cli({"service", "install", "--config", "C:/ProgramData/sfcollector/x.yaml"}, err);
    ASSERT_TRUE(o) << err;
    EXPECT_EQ(o->cmd, command::service);
    EXPECT_EQ(o->action, service_action::install);
    EXPECT_TRUE(o->config_given);
    EXPECT_EQ(o->config_path, "C:/ProgramData/sfcollector/x.yaml");
    for (const auto& [word, action] : {std::pair{"uninstall", service_action::uninstall},
                                       std::pair{"start", service_action::start},
                                       std::pair{"stop", service_action::stop},
                                       std::pair{"status", service_action::status}}) {
        o = parse_cli({"service", word}, err);
        ASSERT_TRUE(o) << word;
        EXPECT_EQ(o->action, action);
    }
    o = parse_cli({"run", "--service"}, err);
    ASSERT_TRUE(o);
    EXPECT_TRUE(o->as_service);
}

TEST(cli, service_usage_errors) {
    std::string err;
    EXPECT_FALSE(parse_cli({"service"}, err));
    EXPECT_NE(err.find("install, uninstall, start, stop, status"), std::string::npos);
    EXPECT_FALSE(parse_cli({"service", "restart"}, err));
    EXPECT_FALSE(parse_cli({"once", "--service"}, err));  // only run is a service
}

TEST(cli, help_and_version) {
    std::string err;
    EXPECT_EQ(parse_cli({"--help"}, err)->cmd, command::help);
    EXPECT_EQ(parse_cli({"--version"}, err)->cmd, command::version);
    EXPECT_NE(sfc::app::usage_text().find("validate"), std::string::npos);
}

TEST(cli, each_command_has_its_own_help) {
    std::string err;
    for (const char* word : {"run", "once", "validate", "check", "keygen", "service"}) {
        auto o = parse_cli({word, "--help"}, err);
        ASSERT_TRUE(o) << word << ": " << err;
        EXPECT_EQ(o->cmd, command::help);
        EXPECT_EQ(o->help_topic, word);
        const std::string text = sfc::app::usage_text(o->help_topic);
        EXPECT_NE(text.find(std::string("sfcollector ") + word), std::string::npos) << text;
    }
    EXPECT_EQ(parse_cli({"help", "check"}, err)->help_topic, "check");
}

TEST(cli, check_takes_an_org_and_keygen_its_own_options) {
    std::string err;
    auto o = parse_cli({"check", "--config", "a.yaml", "--org", "prod"}, err);
    ASSERT_TRUE(o) << err;
    EXPECT_EQ(o->cmd, command::check);
    EXPECT_EQ(o->org, "prod");
    EXPECT_EQ(o->config_path, "a.yaml");
    EXPECT_FALSE(parse_cli({"run", "--org", "prod"}, err));
    o = parse_cli({"keygen", "--bits", "4096", "--force"}, err);
    ASSERT_TRUE(o) << err;
    EXPECT_EQ(o->cmd, command::keygen);
    EXPECT_EQ(o->rest, (std::vector<std::string>{"--bits", "4096", "--force"}));
}

TEST(cli, usage_errors_say_what_is_wrong) {
    std::string err;
    EXPECT_FALSE(parse_cli({}, err));
    EXPECT_FALSE(parse_cli({"frobnicate"}, err));
    EXPECT_NE(err.find("frobnicate"), std::string::npos);
    EXPECT_FALSE(parse_cli({"run", "--config"}, err));
    EXPECT_NE(err.find("--config"), std::string::npos);
}
