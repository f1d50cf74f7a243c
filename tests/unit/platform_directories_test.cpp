// Directories the collector creates for its files (file sink, dead letters, state): 0750 for
// every component it makes, even under umask 0, and nothing changed on what already exists.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "pki/test_pki.hpp"
#include "platform/directories.hpp"

namespace sfc::platform {
namespace {

namespace fs = std::filesystem;

/// Sets the umask for the test's lifetime (0: the kernel would grant whatever mkdir asks).
class scoped_umask {
public:
    explicit scoped_umask(mode_t mask) : previous_(::umask(mask)) {}
    ~scoped_umask() { ::umask(previous_); }
    scoped_umask(const scoped_umask&) = delete;
    scoped_umask& operator=(const scoped_umask&) = delete;

private:
    mode_t previous_;
};

mode_t mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
}

class platform_directories : public ::testing::Test {
protected:
    void TearDown() override { fs::remove_all(dir_); }
    fs::path dir_ = sfc::test::make_temp_dir("sfc-platform-dirs");
    scoped_umask mask_{0};
};

TEST_F(platform_directories, every_created_component_is_0750_under_umask_0) {
    std::error_code ec;
    EXPECT_TRUE(create_directories_private(dir_ / "a" / "b" / "c", ec));
    ASSERT_FALSE(ec) << ec.message();
    EXPECT_EQ(mode_of(dir_ / "a"), 0750u);
    EXPECT_EQ(mode_of(dir_ / "a" / "b"), 0750u);
    EXPECT_EQ(mode_of(dir_ / "a" / "b" / "c"), 0750u);
}

TEST_F(platform_directories, existing_directories_are_left_as_they_are) {
    fs::create_directory(dir_ / "open");
    fs::permissions(dir_ / "open", fs::perms::all);
    std::error_code ec;
    EXPECT_FALSE(create_directories_private(dir_ / "open", ec));
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_TRUE(create_directories_private(dir_ / "open" / "new" / "", ec));
    EXPECT_FALSE(ec) << ec.message();
    EXPECT_EQ(mode_of(dir_ / "open"), 0777u);
    EXPECT_EQ(mode_of(dir_ / "open" / "new"), 0750u);
}

TEST_F(platform_directories, a_file_in_the_way_is_not_a_directory) {
    std::ofstream(dir_ / "file") << "x";
    std::error_code ec;
    EXPECT_FALSE(create_directories_private(dir_ / "file" / "sub", ec));
    EXPECT_EQ(ec, std::make_error_code(std::errc::not_a_directory)) << ec.message();
}

}  // namespace
}  // namespace sfc::platform
