// The collector's own log lines: text, journald and JSON formats, the rotated log file and its
// error, and the journald detection behind them.
#include <gtest/gtest.h>
#include <spdlog/details/os.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "app/logging.hpp"
#include "pki/test_pki.hpp"
#include "test_env.hpp"

#ifndef _WIN32
#include <sys/stat.h>
#include <unistd.h>

#include "platform/journal.hpp"
#endif

namespace sfc::app {
namespace {

using namespace std::chrono_literals;

const std::string eol = spdlog::details::os::default_eol;

/// 2026-12-07T16:20:01.123Z
spdlog::log_clock::time_point fixed_time() {
    return std::chrono::sys_days{std::chrono::year{2026} / 12 / 7} + 16h + 20min + 1s + 123ms;
}

std::string format(config::log_format format,
                   bool journal,
                   spdlog::level::level_enum level,
                   std::string_view text) {
    const spdlog::details::log_msg msg(fixed_time(),
                                       spdlog::source_loc{},
                                       "sfcollector",
                                       level,
                                       spdlog::string_view_t(text.data(), text.size()));
    spdlog::memory_buf_t out;
    // Through clone(), as spdlog hands a formatter to each sink.
    make_formatter(format, journal)->clone()->format(msg, out);
    return std::string(out.data(), out.size());
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(app_logging, text_is_local_time_level_and_message) {
    const std::string line =
        format(config::log_format::text, false, spdlog::level::warn, "org prod: slow");
    EXPECT_TRUE(std::regex_match(
        line,
        std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.123[+-]\d\d:\d\d warning org prod: slow)" +
                   eol)))
        << line;
}

TEST(app_logging, journal_text_has_priorities_and_no_time) {
    using config::log_format;
    EXPECT_EQ(format(log_format::text, true, spdlog::level::trace, "t"), "<7>t" + eol);
    EXPECT_EQ(format(log_format::text, true, spdlog::level::debug, "d"), "<7>d" + eol);
    EXPECT_EQ(format(log_format::text, true, spdlog::level::info, "org prod: logged in"),
              "<6>org prod: logged in" + eol);
    EXPECT_EQ(format(log_format::text, true, spdlog::level::warn, "w"), "<4>w" + eol);
    EXPECT_EQ(format(log_format::text, true, spdlog::level::err, "e"), "<3>e" + eol);
    EXPECT_EQ(format(log_format::text, true, spdlog::level::critical, "c"), "<2>c" + eol);
}

TEST(app_logging, journal_text_prefixes_every_line_of_a_message) {
    EXPECT_EQ(format(config::log_format::text, true, spdlog::level::err, "failed:\n  detail\n"),
              "<3>failed:" + eol + "<3>  detail" + eol);
    EXPECT_EQ(format(config::log_format::text, true, spdlog::level::info, ""), "<6>" + eol);
}

TEST(app_logging, json_is_one_object_per_line_in_utc) {
    EXPECT_EQ(
        format(config::log_format::json, false, spdlog::level::info, "starting"),
        R"({"timestamp":"2026-12-07T16:20:01.123Z","level":"info","message":"starting"})" + eol);
    EXPECT_EQ(
        format(config::log_format::json, false, spdlog::level::warn, "slow"),
        R"({"timestamp":"2026-12-07T16:20:01.123Z","level":"warning","message":"slow"})" + eol);
}

TEST(app_logging, json_takes_the_org_out_of_the_message) {
    EXPECT_EQ(format(config::log_format::json, false, spdlog::level::err, "org eu-prod.2: failed"),
              R"({"timestamp":"2026-12-07T16:20:01.123Z","level":"error","org":"eu-prod.2",)"
              R"("message":"failed"})" +
                  eol);
    // Not the convention: the message stays whole.
    for (const char* text : {"org : x", "org prod x", "org prod:x", "organisation x: y", "org"}) {
        const std::string line = format(config::log_format::json, false, spdlog::level::info, text);
        EXPECT_EQ(line.find(R"("org":)"), std::string::npos) << line;
        EXPECT_NE(line.find(R"("message":")" + std::string(text) + "\"}"), std::string::npos)
            << line;
    }
}

TEST(app_logging, json_escapes_quotes_line_breaks_and_control_characters) {
    EXPECT_EQ(format(config::log_format::json,
                     false,
                     spdlog::level::info,
                     "say \"hi\"\nback\\slash\ttab \x01\x1f bell\x07 caf\xc3\xa9 bad\xff"),
              R"({"timestamp":"2026-12-07T16:20:01.123Z","level":"info","message":)"
              R"("say \"hi\"\nback\\slash\ttab \u0001\u001f bell\u0007 café bad)"
              "\xEF\xBF\xBD"
              R"("})" +
                  eol);
}

TEST(app_logging, json_under_journald_keeps_the_priority) {
    EXPECT_EQ(format(config::log_format::json, true, spdlog::level::warn, "org prod: slow"),
              R"(<4>{"timestamp":"2026-12-07T16:20:01.123Z","level":"warning","org":"prod",)"
              R"("message":"slow"})" +
                  eol);
}

TEST(app_logging, levels_map_to_spdlog) {
    EXPECT_EQ(to_spdlog(config::log_level::trace), spdlog::level::trace);
    EXPECT_EQ(to_spdlog(config::log_level::debug), spdlog::level::debug);
    EXPECT_EQ(to_spdlog(config::log_level::info), spdlog::level::info);
    EXPECT_EQ(to_spdlog(config::log_level::warn), spdlog::level::warn);
    EXPECT_EQ(to_spdlog(config::log_level::error), spdlog::level::err);
}

class app_logging_file : public ::testing::Test {
protected:
    void TearDown() override { std::filesystem::remove_all(dir_); }

    /// Only the file: the test's stderr is nobody's business.
    static log_environment file_only(bool journal = false) {
        log_environment env;
        env.journal = journal;
        env.use_stderr = false;
        return env;
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-logging");
};

TEST_F(app_logging_file, writes_the_configured_level_and_format_without_journal_prefixes) {
    config::logging_config cfg;
    cfg.file = dir_ / "logs" / "sfcollector.log";  // the folder is created
    cfg.level = config::log_level::warn;
    cfg.format = config::log_format::json;
    {
        auto logger = make_logger(cfg, file_only(/*journal=*/true));
        EXPECT_EQ(logger->level(), spdlog::level::warn);
        logger->info("org prod: not written");
        logger->warn("org prod: written at once");
        // Flushed per line: readable while the logger is still open.
        const std::string text = slurp(cfg.file);
        EXPECT_TRUE(std::regex_match(
            text,
            std::regex(R"(\{"timestamp":"[0-9T:.-]+Z","level":"warning","org":"prod",)"
                       R"("message":"written at once"\})" +
                       eol)))
            << text;
    }
}

TEST_F(app_logging_file, rotates_by_size) {
    config::logging_config cfg;
    cfg.file = dir_ / "sfcollector.log";
    cfg.max_size = 1024;
    cfg.max_files = 2;
    {
        auto logger = make_logger(cfg, file_only());
        for (int i = 0; i < 40; ++i) logger->info("line {:03} {}", i, std::string(80, 'x'));
    }
    EXPECT_TRUE(std::filesystem::exists(dir_ / "sfcollector.1.log"));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "sfcollector.2.log"));
    EXPECT_FALSE(std::filesystem::exists(dir_ / "sfcollector.3.log"));
    EXPECT_LE(std::filesystem::file_size(cfg.file), 1024u);
    EXPECT_NE(slurp(cfg.file).find("line 039"), std::string::npos);
}

TEST_F(app_logging_file, an_unwritable_log_file_names_the_file_and_the_fix) {
    // A regular file where the folder should be: fails for root as well.
    std::ofstream(dir_ / "not-a-folder") << "x";
    config::logging_config cfg;
    cfg.file = dir_ / "not-a-folder" / "sfcollector.log";
    try {
        make_logger(cfg, file_only());
        FAIL() << "opened " << cfg.file;
    } catch (const std::runtime_error& e) {
        const std::string error = e.what();
        EXPECT_EQ(error.rfind("log_file " + cfg.file.string() + " cannot be opened: ", 0), 0u)
            << error;
        EXPECT_NE(error.find("check that this user may create and write files in " +
                             (dir_ / "not-a-folder").string()),
                  std::string::npos)
            << error;
        EXPECT_NE(error.find("LogsDirectory="), std::string::npos) << error;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    }
}

/// Puts spdlog's default logger back after a test that replaces it.
class app_logging_default : public app_logging_file {
protected:
    void TearDown() override {
        spdlog::set_default_logger(previous_);
        app_logging_file::TearDown();
    }
    std::shared_ptr<spdlog::logger> previous_ = spdlog::default_logger();
};

TEST_F(app_logging_default, setup_logging_installs_the_default_logger) {
    config::logging_config cfg;
    cfg.file = dir_ / "sfcollector.log";
    cfg.level = config::log_level::debug;
    setup_logging(cfg, file_only());
    spdlog::debug("org prod: query took {} ms", 12);
    EXPECT_NE(slurp(cfg.file).find(" debug org prod: query took 12 ms"), std::string::npos);
    spdlog::set_default_logger(previous_);  // closes the file before TearDown removes it
}

TEST_F(app_logging_default, a_failed_setup_keeps_the_logger_in_place) {
    setup_early_logging(file_only());
    const auto early = spdlog::default_logger();
    EXPECT_EQ(early->level(), spdlog::level::info);
    std::ofstream(dir_ / "file") << "x";
    config::logging_config cfg;
    cfg.file = dir_ / "file" / "sfcollector.log";
    EXPECT_THROW(setup_logging(cfg, file_only()), std::runtime_error);
    EXPECT_EQ(spdlog::default_logger(), early);
}

#ifndef _WIN32

/// $JOURNAL_STREAM as systemd sets it for this process's stderr.
std::string stderr_stream_id() {
    struct stat st {};
    ::fstat(STDERR_FILENO, &st);
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
}

class app_logging_journal : public ::testing::Test {
protected:
    void TearDown() override { sfc::test::unset_env("JOURNAL_STREAM"); }
};

TEST_F(app_logging_journal, journal_when_journal_stream_names_stderr) {
    sfc::test::set_env("JOURNAL_STREAM", stderr_stream_id());
    EXPECT_TRUE(platform::stderr_is_journal());
    EXPECT_TRUE(log_environment::detect().journal);
    EXPECT_TRUE(log_environment::detect().use_stderr);
}

TEST_F(app_logging_journal, not_when_journal_stream_is_for_another_stream_or_unset) {
    sfc::test::unset_env("JOURNAL_STREAM");
    EXPECT_FALSE(platform::stderr_is_journal());
    // Inherited from a parent whose stderr went to the journal; ours goes elsewhere.
    struct stat st {};
    ::fstat(STDERR_FILENO, &st);
    sfc::test::set_env("JOURNAL_STREAM",
                       std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1));
    EXPECT_FALSE(platform::stderr_is_journal());
    for (const char* bad : {"", ":", "1", "1:", ":1", "a:b", "1:2x", "-1:2"}) {
        sfc::test::set_env("JOURNAL_STREAM", bad);
        EXPECT_FALSE(platform::stderr_is_journal()) << bad;
    }
    sfc::test::set_env("JOURNAL_STREAM", stderr_stream_id() + " ");
    EXPECT_FALSE(platform::stderr_is_journal());
}

#endif

}  // namespace
}  // namespace sfc::app
