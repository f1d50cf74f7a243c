// dir_lock: one holder per directory, in this process and across processes, and an error that
// names who holds it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pki/test_pki.hpp"
#include "platform/dir_lock.hpp"
#include "platform/process.hpp"

#ifndef _WIN32
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace sfc::platform {
namespace {

#ifdef _WIN32
constexpr const char* stop_hint = "sfcollector service stop";
#else
constexpr const char* stop_hint = "systemctl stop sfcollector";
#endif

class platform_dir_lock : public ::testing::Test {
protected:
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string lock_file_text() const {
        std::ifstream in(dir_ / "lock", std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }

    /// The error of a second acquire(), or "" when it succeeded.
    std::string second_acquire_error(std::optional<unsigned long>* holder = nullptr) const {
        try {
            dir_lock second = dir_lock::acquire(dir_);
        } catch (const dir_lock_error& e) {
            if (holder) *holder = e.holder();
            return e.what();
        }
        return {};
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-dir-lock");
    std::string own_pid_ = std::to_string(process_id());
};

TEST_F(platform_dir_lock, the_lock_file_holds_the_process_id) {
    dir_lock lock = dir_lock::acquire(dir_);
    EXPECT_EQ(lock.path(), dir_ / "lock");
    EXPECT_EQ(lock_file_text(), own_pid_ + "\n");
}

TEST_F(platform_dir_lock, a_second_lock_fails_and_names_the_holder) {
    dir_lock lock = dir_lock::acquire(dir_);
    std::optional<unsigned long> holder;
    const std::string error = second_acquire_error(&holder);
    EXPECT_EQ(error,
              "state_dir " + dir_.string() + " is in use by another sfcollector (pid " + own_pid_ +
                  "); stop it first (" + stop_hint + "), or give this run its own state_dir");
    EXPECT_EQ(holder, process_id());
    // The loser leaves the holder's id in place.
    EXPECT_EQ(lock_file_text(), own_pid_ + "\n");
}

TEST_F(platform_dir_lock, released_by_the_destructor) {
    { dir_lock lock = dir_lock::acquire(dir_); }
    EXPECT_EQ(lock_file_text(), "");  // no stale id for an operator to chase
    dir_lock again = dir_lock::acquire(dir_);
    EXPECT_EQ(lock_file_text(), own_pid_ + "\n");
}

TEST_F(platform_dir_lock, moves_keep_one_holder) {
    dir_lock first = dir_lock::acquire(dir_);
    dir_lock second = std::move(first);
    EXPECT_NE(second_acquire_error(), "");
    std::filesystem::path other_dir = sfc::test::make_temp_dir("sfc-dir-lock-other");
    {
        dir_lock other = dir_lock::acquire(other_dir);
        other = std::move(second);  // releases other_dir, takes over dir_
        dir_lock relocked = dir_lock::acquire(other_dir);
        EXPECT_NE(second_acquire_error(), "");
    }
    EXPECT_EQ(second_acquire_error(), "");
    std::filesystem::remove_all(other_dir);
}

TEST_F(platform_dir_lock, a_lock_file_without_a_process_id_still_locks) {
    dir_lock lock = dir_lock::acquire(dir_);
    std::ofstream(dir_ / "lock", std::ios::binary | std::ios::trunc).flush();
    std::optional<unsigned long> holder = 42;
    const std::string error = second_acquire_error(&holder);
    EXPECT_NE(error.find("is in use by another sfcollector; stop it first"), std::string::npos)
        << error;
    EXPECT_FALSE(holder);
}

TEST_F(platform_dir_lock, a_missing_directory_names_the_file_and_the_fix) {
    const std::filesystem::path missing = dir_ / "missing";
    try {
        dir_lock lock = dir_lock::acquire(missing);
        FAIL() << "locked a missing directory";
    } catch (const dir_lock_error& e) {
        const std::string error = e.what();
        EXPECT_EQ(error.rfind("cannot lock state_dir " + missing.string() + ": cannot open " +
                                  (missing / "lock").string() + ": ",
                              0),
                  0u)
            << error;
        EXPECT_NE(error.find("check that the "), std::string::npos) << error;
        EXPECT_FALSE(e.holder());
    }
}

#ifndef _WIN32

/// Runs `child` in a forked process and returns its exit code (or -1 if it did not exit).
/// The child leaves with _exit: no destructors, so it cannot release the parent's lock object.
template <typename F>
int in_child(F child) {
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(child());
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

TEST_F(platform_dir_lock, another_process_cannot_take_it) {
    dir_lock lock = dir_lock::acquire(dir_);
    const std::string expected_pid = "(pid " + own_pid_ + ")";
    const int code = in_child([&] {
        try {
            dir_lock theirs = dir_lock::acquire(dir_);
            return 1;  // got a lock it must not have
        } catch (const dir_lock_error& e) {
            return std::string(e.what()).find(expected_pid) != std::string::npos ? 0 : 2;
        }
    });
    EXPECT_EQ(code, 0) << "1: the child took the lock; 2: its error did not name " << expected_pid;
}

TEST_F(platform_dir_lock, another_process_takes_it_once_released) {
    { dir_lock lock = dir_lock::acquire(dir_); }
    const int code = in_child([&] {
        try {
            dir_lock theirs = dir_lock::acquire(dir_);
            return 0;
        } catch (const dir_lock_error&) {
            return 1;
        }
    });
    EXPECT_EQ(code, 0);
}

TEST_F(platform_dir_lock, a_lock_held_by_another_process_names_that_process) {
    // The child takes the lock, says so through a pipe, and holds it until the parent closes its
    // end of the other pipe.
    int locked[2];
    int done[2];
    ASSERT_EQ(::pipe(locked), 0);
    ASSERT_EQ(::pipe(done), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::close(locked[0]);
        ::close(done[1]);
        int code = 0;
        try {
            dir_lock theirs = dir_lock::acquire(dir_);
            const char ok = 'L';
            if (::write(locked[1], &ok, 1) != 1) code = 3;
            char ignored;
            while (::read(done[0], &ignored, 1) > 0) {
            }
        } catch (const dir_lock_error&) {
            code = 1;
        }
        ::_exit(code);
    }
    ::close(locked[1]);
    ::close(done[0]);
    char got = 0;
    ASSERT_EQ(::read(locked[0], &got, 1), 1);
    ::close(locked[0]);

    std::optional<unsigned long> holder;
    const std::string error = second_acquire_error(&holder);
    EXPECT_NE(error.find("(pid " + std::to_string(child) + ")"), std::string::npos) << error;
    EXPECT_EQ(holder, static_cast<unsigned long>(child));

    ::close(done[1]);  // the child lets go and exits
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_EQ(second_acquire_error(), "");  // released when the holder ended
}

#endif

}  // namespace
}  // namespace sfc::platform
