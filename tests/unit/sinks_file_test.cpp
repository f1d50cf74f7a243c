#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "sinks/factory.hpp"
#include "sinks/file_sink.hpp"

namespace sfc::sinks {
namespace {

namespace fs = std::filesystem;

send_result run_op(boost::asio::awaitable<send_result> op) {
    boost::asio::io_context io;
    std::optional<send_result> result;
    boost::asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, send_result r) {
        if (e) std::rethrow_exception(e);
        result = std::move(r);
    });
    io.run();
    EXPECT_TRUE(result.has_value());
    return result.value_or(send_result::failed(send_status::fatal, "did not finish"));
}

send_result run_send(sfc::sink& sink, const std::vector<event>& events) {
    return run_op(sink.send(events));
}

std::vector<event> make_events(int first, int count, std::size_t pad = 0) {
    std::vector<event> out;
    for (int i = first; i < first + count; ++i) {
        out.push_back(
            {std::to_string(i),
             R"({"n":)" + std::to_string(i) + R"(,"pad":")" + std::string(pad, 'x') + R"("})"});
    }
    return out;
}

std::vector<std::string> read_lines(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string all = ss.str();
    EXPECT_TRUE(all.empty() || all.back() == '\n') << "the file ends mid-line";
    std::vector<std::string> lines;
    std::istringstream split(all);
    for (std::string line; std::getline(split, line);) lines.push_back(line);
    return lines;
}

std::vector<std::string> jsons(const std::vector<event>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.json);
    return out;
}

class file_sink_test : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/sfc_sink_test_XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        root_ = pattern;
    }
    void TearDown() override { fs::remove_all(root_); }

    config::sink_config file_config(const fs::path& path, bool fsync = true) const {
        config::sink_config c;
        c.type = config::sink_type::file;
        c.path = path;
        c.fsync = fsync;
        return c;
    }

    fs::path root_;
};

TEST_F(file_sink_test, appends_whole_lines_in_order) {
    const fs::path path = root_ / "nested" / "dir" / "events.jsonl";
    file_sink sink(file_config(path));
    EXPECT_EQ(sink.name(), "file:" + path.string());

    const auto first = make_events(1, 3);
    const auto second = make_events(4, 500, 100);
    EXPECT_EQ(run_send(sink, first).status, send_status::ok);
    EXPECT_EQ(run_send(sink, {}).status, send_status::ok);
    EXPECT_EQ(run_send(sink, second).status, send_status::ok);

    auto expected = jsons(first);
    for (auto& j : jsons(second)) expected.push_back(j);
    EXPECT_EQ(read_lines(path), expected);

    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777 & ~0640u, 0u);  // at most rw-r----- (the umask may take more)
}

TEST_F(file_sink_test, the_directories_it_creates_are_0750_even_under_umask_0) {
    const fs::path path = root_ / "logs" / "salesforce" / "events.jsonl";
    const mode_t previous = ::umask(0);
    file_sink sink(file_config(path));
    ::umask(previous);
    struct stat st {};
    ASSERT_EQ(::stat((root_ / "logs").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    ASSERT_EQ(::stat((root_ / "logs" / "salesforce").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
}

TEST_F(file_sink_test, appends_to_an_existing_file_without_fsync) {
    const fs::path path = root_ / "events.jsonl";
    std::ofstream(path) << "{\"old\":1}\n";
    file_sink sink(file_config(path, false));
    EXPECT_EQ(run_send(sink, make_events(1, 2)).status, send_status::ok);
    EXPECT_EQ(
        read_lines(path),
        (std::vector<std::string>{R"({"old":1})", R"({"n":1,"pad":""})", R"({"n":2,"pad":""})"}));
}

TEST_F(file_sink_test, lines_are_written_at_send_and_sync_flushes_them_for_the_cursor) {
    const fs::path path = root_ / "events.jsonl";
    file_sink sink(file_config(path));
    EXPECT_EQ(run_send(sink, make_events(1, 2)).status, send_status::ok);
    EXPECT_EQ(read_lines(path).size(), 2u) << "written before any sync";
    EXPECT_EQ(run_op(sink.sync()).status, send_status::ok);
    EXPECT_EQ(run_op(sink.sync()).status, send_status::ok) << "nothing new: nothing to flush";
    EXPECT_EQ(read_lines(path).size(), 2u);
}

TEST_F(file_sink_test, a_line_torn_by_a_crash_is_cut_on_open) {
    // kill -9 during a write leaves half a line; that batch was never acknowledged.
    const fs::path path = root_ / "events.jsonl";
    std::ofstream(path) << "{\"old\":1}\n{\"old\":2}\n{\"torn\":" << std::string(5000, 'x');
    file_sink sink(file_config(path));
    EXPECT_EQ(run_send(sink, make_events(1, 1)).status, send_status::ok);
    EXPECT_EQ(read_lines(path),
              (std::vector<std::string>{R"({"old":1})", R"({"old":2})", R"({"n":1,"pad":""})"}));
}

TEST_F(file_sink_test, a_file_that_is_one_torn_line_becomes_empty) {
    const fs::path path = root_ / "events.jsonl";
    std::ofstream(path) << "{\"torn\":";
    file_sink sink(file_config(path));
    EXPECT_EQ(fs::file_size(path), 0u);
}

TEST_F(file_sink_test, full_device_is_a_retry_naming_the_file) {
    file_sink sink(file_config("/dev/full"));
    const send_result r = run_send(sink, make_events(1, 3));
    EXPECT_EQ(r.status, send_status::retry);
    EXPECT_NE(r.detail.find("/dev/full"), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("No space left on device"), std::string::npos) << r.detail;
    EXPECT_EQ(r.detail.find('\n'), std::string::npos);
}

// A file size limit makes the batch's write stop part way (EFBIG), as a full disk would.
class file_size_limit {
public:
    explicit file_size_limit(rlim_t bytes) {
        old_handler_ = ::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &old_);
        rlimit limit = old_;
        limit.rlim_cur = bytes;
        EXPECT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
    }
    ~file_size_limit() {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        ::signal(SIGXFSZ, old_handler_);
    }

private:
    rlimit old_{};
    sighandler_t old_handler_;
};

TEST_F(file_sink_test, failed_batch_is_truncated_away_and_retry_adds_no_duplicates) {
    const fs::path path = root_ / "events.jsonl";
    file_sink sink(file_config(path));
    const auto before = make_events(1, 100, 600);
    ASSERT_EQ(run_send(sink, before).status, send_status::ok);
    const auto size_before = fs::file_size(path);

    const auto batch = make_events(101, 50, 600);
    send_result r;
    {
        file_size_limit limit(size_before + 1000);  // lets part of the batch through
        r = run_send(sink, batch);
    }
    EXPECT_EQ(r.status, send_status::retry);
    EXPECT_NE(r.detail.find(path.string()), std::string::npos) << r.detail;
    EXPECT_NE(r.detail.find("write failed"), std::string::npos) << r.detail;
    EXPECT_EQ(fs::file_size(path), size_before);

    ASSERT_EQ(run_send(sink, batch).status, send_status::ok);
    auto expected = jsons(before);
    for (auto& j : jsons(batch)) expected.push_back(j);
    EXPECT_EQ(read_lines(path), expected);
}

TEST_F(file_sink_test, reopen_follows_logrotate) {
    const fs::path path = root_ / "events.jsonl";
    file_sink sink(file_config(path));
    ASSERT_EQ(run_send(sink, make_events(1, 2)).status, send_status::ok);
    fs::rename(path, root_ / "events.jsonl.1");
    ASSERT_EQ(run_send(sink, make_events(3, 1)).status, send_status::ok);  // still the old file
    sink.reopen();
    ASSERT_EQ(run_send(sink, make_events(4, 1)).status, send_status::ok);

    EXPECT_EQ(read_lines(root_ / "events.jsonl.1").size(), 3u);
    EXPECT_EQ(read_lines(path), std::vector<std::string>{R"({"n":4,"pad":""})"});
}

TEST_F(file_sink_test, failed_reopen_keeps_the_open_file) {
    const fs::path path = root_ / "dir" / "events.jsonl";
    file_sink sink(file_config(path));
    fs::rename(root_ / "dir", root_ / "moved");
    std::ofstream(root_ / "dir") << "a file where the directory was";
    EXPECT_THROW(sink.reopen(), sink_error);
    ASSERT_EQ(run_send(sink, make_events(1, 1)).status, send_status::ok);
    EXPECT_EQ(read_lines(root_ / "moved" / "events.jsonl").size(), 1u);
}

TEST_F(file_sink_test, unusable_path_is_a_clear_error) {
    std::ofstream(root_ / "file") << "x";
    const fs::path bad = root_ / "file" / "events.jsonl";
    try {
        file_sink sink(file_config(bad));
        ADD_FAILURE() << "expected sink_error";
    } catch (const sink_error& e) {
        EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
    EXPECT_THROW(file_sink(file_config("")), sink_error);
}

TEST_F(file_sink_test, factory_builds_each_type) {
    boost::asio::io_context io;
    sfc::system_clock clock;
    const auto file = make_sink(file_config(root_ / "f.jsonl"), io.get_executor(), clock);
    EXPECT_EQ(file->name(), "file:" + (root_ / "f.jsonl").string());
    EXPECT_TRUE(fs::exists(root_ / "f.jsonl"));
    const auto out = make_sink(config::sink_config{}, io.get_executor(), clock);
    EXPECT_EQ(out->name(), "stdout");
}

}  // namespace
}  // namespace sfc::sinks
