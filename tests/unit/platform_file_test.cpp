// The platform file interface: the same behaviour from the POSIX and the Windows side.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#ifndef _WIN32
#include <sys/stat.h>
#endif

#include "pki/test_pki.hpp"
#include "platform/file.hpp"

namespace sfc::platform {
namespace {

class platform_file : public ::testing::Test {
protected:
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string slurp(const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    /// Binary: a text-mode stream would write "\r\n" on Windows.
    static void put(const std::filesystem::path& p, std::string_view text) {
        std::ofstream(p, std::ios::binary) << text;
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-platform-file");
};

TEST_F(platform_file, rewrite_then_read_all_round_trips) {
    std::error_code ec;
    {
        file f = file::open(dir_ / "a", open_mode::rewrite, ec);
        ASSERT_FALSE(ec) << ec.message();
        EXPECT_FALSE(f.write_all("first\nsecond\n"));
        EXPECT_FALSE(f.sync());
        EXPECT_FALSE(f.close());
    }
    file f = file::open(dir_ / "a", open_mode::read, ec);
    ASSERT_FALSE(ec);
    std::string text = "kept:";
    EXPECT_FALSE(f.read_all(text));
    EXPECT_EQ(text, "kept:first\nsecond\n");
}

TEST_F(platform_file, rewrite_truncates_what_was_there) {
    put(dir_ / "a", "a much longer old content");
    std::error_code ec;
    file f = file::open(dir_ / "a", open_mode::rewrite, ec);
    ASSERT_FALSE(ec);
    EXPECT_FALSE(f.write_all("new"));
    f.close();
    EXPECT_EQ(slurp(dir_ / "a"), "new");
}

TEST_F(platform_file, append_writes_after_existing_content_and_after_a_truncate) {
    put(dir_ / "log", "line 1\n");
    std::error_code ec;
    file f = file::open(dir_ / "log", open_mode::append, ec);
    ASSERT_FALSE(ec);
    EXPECT_FALSE(f.write_all("line 2\nline 3"));
    std::uint64_t size = 0;
    ASSERT_TRUE(f.regular_size(size));
    EXPECT_EQ(size, 20u);
    EXPECT_FALSE(f.truncate(14));  // cut the torn "line 3"
    EXPECT_FALSE(f.write_all("line 3\n"));
    f.close();
    EXPECT_EQ(slurp(dir_ / "log"), "line 1\nline 2\nline 3\n");
}

TEST_F(platform_file, read_at_reads_from_an_offset_and_stops_at_the_end) {
    put(dir_ / "a", "0123456789");
    std::error_code ec;
    file f = file::open(dir_ / "a", open_mode::append, ec);
    ASSERT_FALSE(ec);
    char buffer[8] = {};
    std::size_t got = 0;
    EXPECT_FALSE(f.read_at(7, buffer, sizeof buffer, got));
    EXPECT_EQ(std::string(buffer, got), "789");
}

TEST_F(platform_file, a_missing_file_is_not_found) {
    std::error_code ec;
    file f = file::open(dir_ / "missing", open_mode::read, ec);
    EXPECT_FALSE(f.is_open());
    EXPECT_TRUE(is_not_found(ec)) << ec.message();
    EXPECT_FALSE(ec.message().empty());
}

TEST_F(platform_file, replace_file_swaps_in_the_new_content_and_removes_the_source) {
    put(dir_ / "cursor.json", "{\"old\":1}");
    put(dir_ / "cursor.json.tmp", "{\"new\":2}");
    EXPECT_FALSE(replace_file(dir_ / "cursor.json.tmp", dir_ / "cursor.json"));
    EXPECT_FALSE(sync_directory(dir_));
    EXPECT_EQ(slurp(dir_ / "cursor.json"), "{\"new\":2}");
    EXPECT_FALSE(std::filesystem::exists(dir_ / "cursor.json.tmp"));
}

TEST_F(platform_file, replace_file_creates_a_missing_target) {
    put(dir_ / "new.tmp", "x");
    EXPECT_FALSE(replace_file(dir_ / "new.tmp", dir_ / "new"));
    EXPECT_EQ(slurp(dir_ / "new"), "x");
}

TEST_F(platform_file, a_folder_can_be_checked_for_writing) {
    EXPECT_FALSE(check_writable_directory(dir_));
    EXPECT_TRUE(check_writable_directory(dir_ / "missing"));
    // The probe leaves nothing behind.
    EXPECT_TRUE(std::filesystem::is_empty(dir_));
}

TEST_F(platform_file, read_small_file_reads_a_regular_file_within_its_limit) {
    put(dir_ / "a", "secret\n");
    std::string out = "old";
    const auto result = read_small_file(dir_ / "a", 7, out);
    EXPECT_TRUE(result);
    EXPECT_EQ(out, "secret\n");
    EXPECT_EQ(result.size, 7u);
}

TEST_F(platform_file, read_small_file_refuses_a_file_over_its_limit_without_reading_it) {
#ifdef _WIN32
    constexpr std::uint64_t big = 3ull << 20;  // NTFS files are not sparse by default
#else
    constexpr std::uint64_t big = 3ull << 30;  // the review's 3 GiB passphrase file
#endif
    {
        std::error_code ec;
        file f = file::open(dir_ / "big", open_mode::rewrite, ec);
        ASSERT_FALSE(ec);
        ASSERT_FALSE(f.truncate(big));  // sparse on Linux: nothing is read or allocated
    }
    std::string out;
    const auto result = read_small_file(dir_ / "big", 64 * 1024, out);
    EXPECT_EQ(result.status, small_file_status::too_large);
    EXPECT_EQ(result.size, big);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(describe_small_file_failure(result, "passphrase file", 65536),
              "is " + std::to_string(big) + " bytes; the limit for a passphrase file is 65536");
}

TEST_F(platform_file, read_small_file_refuses_a_directory_and_a_missing_file) {
    std::string out;
    EXPECT_EQ(read_small_file(dir_, 100, out).status, small_file_status::not_regular);
    const auto missing = read_small_file(dir_ / "absent", 100, out);
    EXPECT_EQ(missing.status, small_file_status::cannot_open);
    EXPECT_TRUE(is_not_found(missing.error));
}

#ifndef _WIN32
TEST_F(platform_file, read_small_file_refuses_a_fifo_and_a_device_without_blocking) {
    // Opening a FIFO without a writer blocks a plain open(2) forever; a device never ends.
    ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
    std::string out;
    const auto fifo = read_small_file(dir_ / "fifo", 100, out);
    EXPECT_EQ(fifo.status, small_file_status::not_regular);
    EXPECT_EQ(read_small_file("/dev/zero", 100, out).status, small_file_status::not_regular);
    EXPECT_EQ(describe_small_file_failure(fifo, "file", 100),
              "is not a regular file (a directory, FIFO, socket or device)");
}
#endif

}  // namespace
}  // namespace sfc::platform
