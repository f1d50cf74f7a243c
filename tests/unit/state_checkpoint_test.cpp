#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "state/checkpoint_store.hpp"

namespace sfc::state {
namespace {

namespace fs = std::filesystem;

class checkpoint_test : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/sfc_state_test_XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        root_ = pattern;
    }
    void TearDown() override { fs::remove_all(root_); }

    static void write_file(const fs::path& p, const std::string& content) {
        std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
    }

    fs::path root_;
};

TEST_F(checkpoint_test, round_trip_and_overwrite) {
    checkpoint_store store(root_ / "state");
    EXPECT_EQ(store.load("elf.Login"), std::nullopt);
    store.save("elf.Login", R"({"created_date":"2024-01-01T00:00:00.000Z","id":"0AT1"})");
    EXPECT_EQ(store.load("elf.Login"),
              R"({"created_date":"2024-01-01T00:00:00.000Z","id":"0AT1"})");
    store.save("elf.Login", "v2");
    store.save("elf.Logout", "");
    EXPECT_EQ(store.load("elf.Login"), "v2");
    EXPECT_EQ(store.load("elf.Logout"), "");
    EXPECT_FALSE(fs::exists(root_ / "state" / "elf.Login.json.tmp"));

    checkpoint_store reopened(root_ / "state");  // a restart sees the saved values
    EXPECT_EQ(reopened.load("elf.Login"), "v2");
}

TEST_F(checkpoint_test, remembers_what_it_saved_without_reading_the_disk) {
    checkpoint_store store(root_ / "state");
    EXPECT_FALSE(store.saved("elf.00D"));
    store.save("elf.00D", "{\"id\":\"a\"}");
    store.save("elf.00D", "{\"id\":\"b\"}");
    std::filesystem::remove(root_ / "state" / "elf.00D.json");
    ASSERT_TRUE(store.saved("elf.00D"));
    EXPECT_EQ(*store.saved("elf.00D"), "{\"id\":\"b\"}");
    EXPECT_FALSE(store.saved("elf.other"));
}

TEST_F(checkpoint_test, held_saves_reach_the_disk_once_per_key_on_release) {
    checkpoint_store store(root_ / "state");
    store.save("elf.a", "v1");
    store.hold();
    store.save("elf.a", "v2");
    store.save("elf.a", "v3");
    store.save("elf.b", "w1");
    EXPECT_EQ(store.load("elf.a"), "v1") << "held: not on disk yet";
    EXPECT_EQ(store.load("elf.b"), std::nullopt);
    EXPECT_EQ(*store.saved("elf.a"), "v3");
    EXPECT_THROW(store.save("bad/key", "x"), state_error) << "keys are still checked at once";
    store.release();
    EXPECT_EQ(store.load("elf.a"), "v3");
    EXPECT_EQ(store.load("elf.b"), "w1");
    store.save("elf.a", "v4");  // released: straight to disk again
    EXPECT_EQ(store.load("elf.a"), "v4");
}

TEST_F(checkpoint_test, creates_missing_dir_private) {
    checkpoint_store store(root_ / "a" / "b");
    struct stat st {};
    ASSERT_EQ(::stat((root_ / "a" / "b").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(checkpoint_test, missing_parents_are_0750_even_under_umask_0) {
    const mode_t previous = ::umask(0);
    checkpoint_store store(root_ / "var" / "lib" / "state");
    ::umask(previous);
    struct stat st {};
    ASSERT_EQ(::stat((root_ / "var").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    ASSERT_EQ(::stat((root_ / "var" / "lib").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    ASSERT_EQ(::stat((root_ / "var" / "lib" / "state").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0700u);
}

// `once` must not report success when progress could not be kept: the store says which keys'
// last save failed, until a later save of the same key works.
TEST_F(checkpoint_test, a_failed_save_is_remembered_until_the_key_saves_again) {
    checkpoint_store store(root_ / "state");
    store.save("elf.Login", "v1");
    EXPECT_EQ(store.unsaved(), 0u);
    // Root ignores permissions: a directory where the temporary file goes fails for anyone.
    fs::create_directory(root_ / "state" / "elf.Login.json.tmp");
    EXPECT_THROW(store.save("elf.Login", "v2"), state_error);
    EXPECT_EQ(store.unsaved(), 1u);
    EXPECT_NE(store.last_failure().find((root_ / "state").string()), std::string::npos)
        << store.last_failure();
    EXPECT_EQ(store.load("elf.Login"), "v1") << "the previous value stays";
    fs::remove(root_ / "state" / "elf.Login.json.tmp");
    store.save("elf.Login", "v3");
    EXPECT_EQ(store.unsaved(), 0u);
}

TEST_F(checkpoint_test, crash_between_write_and_rename_keeps_old_value) {
    checkpoint_store store(root_);
    store.save("cursor", "old");
    write_file(root_ / "cursor.json.tmp", "new, never renamed");  // the crash
    EXPECT_EQ(store.load("cursor"), "old");

    checkpoint_store after_restart(root_);
    EXPECT_EQ(after_restart.load("cursor"), "old");
    after_restart.save("cursor", "newer");
    EXPECT_EQ(after_restart.load("cursor"), "newer");
    EXPECT_FALSE(fs::exists(root_ / "cursor.json.tmp"));
}

TEST_F(checkpoint_test, truncated_tmp_is_ignored_and_replaced) {
    checkpoint_store store(root_);
    store.save("cursor", R"({"id":"0AT000000000001"})");
    write_file(root_ / "cursor.json.tmp", R"({"id":"0AT0)");  // crash mid-write
    EXPECT_EQ(store.load("cursor"), R"({"id":"0AT000000000001"})");
    store.save("cursor", R"({"id":"0AT000000000002"})");
    EXPECT_EQ(store.load("cursor"), R"({"id":"0AT000000000002"})");
}

TEST_F(checkpoint_test, only_a_tmp_means_no_value) {
    checkpoint_store store(root_);
    write_file(root_ / "cursor.json.tmp", "half");
    EXPECT_EQ(store.load("cursor"), std::nullopt);
}

TEST_F(checkpoint_test, key_validation) {
    checkpoint_store store(root_);
    using namespace std::string_literals;
    for (const std::string& key :
         {""s, "../escape"s, "a/b"s, "a b"s, "sp\xC3\xA9"s, "nul\0x"s, std::string(201, 'k')}) {
        EXPECT_FALSE(checkpoint_store::valid_key(key)) << key;
        EXPECT_THROW(store.save(key, "x"), state_error) << key;
        EXPECT_THROW((void)store.load(key), state_error) << key;
    }
    for (const std::string& key : {"elf.Login-hourly_00D5j00000DgAYGEA0"s, std::string(200, 'k')}) {
        EXPECT_TRUE(checkpoint_store::valid_key(key)) << key;
        EXPECT_NO_THROW(store.save(key, "x")) << key;
    }
    EXPECT_FALSE(fs::exists(root_.parent_path() / "escape.json"));
}

TEST_F(checkpoint_test, unusable_dir_is_a_clear_error) {
    write_file(root_ / "file", "not a directory");
    for (const fs::path& bad : {root_ / "file" / "sub", root_ / "file"}) {
        try {
            checkpoint_store store(bad);
            ADD_FAILURE() << "expected state_error for " << bad;
        } catch (const state_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find(bad.string()), std::string::npos) << what;
            EXPECT_NE(what.find("state_dir"), std::string::npos) << what;
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        }
    }
}

TEST_F(checkpoint_test, save_into_a_vanished_dir_is_an_error_naming_the_file) {
    checkpoint_store store(root_ / "state");
    fs::remove_all(root_ / "state");
    try {
        store.save("cursor", "x");
        ADD_FAILURE() << "expected state_error";
    } catch (const state_error& e) {
        EXPECT_NE(std::string(e.what()).find("cursor.json.tmp"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace sfc::state
