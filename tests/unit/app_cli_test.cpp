#include "app/cli.hpp"

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

TEST(cli, default_config_path_is_etc) {
    std::string err;
    auto o = parse_cli({"run"}, err);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->config_path, "/etc/sfcollector/sfcollector.yaml");
}

TEST(cli, help_and_version) {
    std::string err;
    EXPECT_EQ(parse_cli({"--help"}, err)->cmd, command::help);
    EXPECT_EQ(parse_cli({"--version"}, err)->cmd, command::version);
    EXPECT_NE(sfc::app::usage_text().find("validate"), std::string::npos);
}

TEST(cli, usage_errors_say_what_is_wrong) {
    std::string err;
    EXPECT_FALSE(parse_cli({}, err));
    EXPECT_FALSE(parse_cli({"frobnicate"}, err));
    EXPECT_NE(err.find("frobnicate"), std::string::npos);
    EXPECT_FALSE(parse_cli({"run", "--config"}, err));
    EXPECT_NE(err.find("--config"), std::string::npos);
}
