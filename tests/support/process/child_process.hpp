#pragma once
// Runs a program (the sfcollector binary) as a child process for end-to-end tests.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sfc::test {

/// How a child ended.
struct exit_status {
    bool signalled = false;
    int code = 0;  ///< exit code, or the signal number when signalled
};

/// A started child. The destructor kills (SIGKILL) and reaps a child still running.
class child_process {
public:
    /// Starts `exe` with `args`; the environment is the test's plus `extra_env` ("NAME=value").
    /// stdout and stderr go to the given files (appended).
    child_process(const std::filesystem::path& exe,
                  const std::vector<std::string>& args,
                  const std::vector<std::string>& extra_env,
                  const std::filesystem::path& stdout_file,
                  const std::filesystem::path& stderr_file);
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    int pid() const { return pid_; }
    void send_signal(int sig);
    /// Waits for the child to end, at most `timeout` (a deadline, woken by the exit itself).
    std::optional<exit_status> wait_for(std::chrono::milliseconds timeout);

private:
    int pid_ = -1;
    int pidfd_ = -1;
    std::optional<exit_status> status_;
};

}  // namespace sfc::test
