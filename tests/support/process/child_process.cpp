#include "process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sfc::test {
namespace {

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

}  // namespace

child_process::child_process(const std::filesystem::path& exe,
                             const std::vector<std::string>& args,
                             const std::vector<std::string>& extra_env,
                             const std::filesystem::path& stdout_file,
                             const std::filesystem::path& stderr_file) {
    std::vector<std::string> argv{exe.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> envp;
    for (char** e = environ; *e; ++e) envp.emplace_back(*e);
    envp.insert(envp.end(), extra_env.begin(), extra_env.end());

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    // Only 0-2: an inherited listening socket of a fake peer would stay bound in the child, so
    // a stopped fake would still accept connections (and could not restart on its port).
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    auto cargv = c_strings(argv);
    auto cenv = c_strings(envp);
    const int rc = posix_spawn(&pid_, exe.c_str(), &actions, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("posix_spawn " + exe.string() + ": " + strerror(rc));
    pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) throw std::runtime_error(std::string("pidfd_open: ") + strerror(errno));
}

child_process::~child_process() {
    if (!status_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(std::chrono::seconds(30));
    }
    if (pidfd_ >= 0) ::close(pidfd_);
}

void child_process::send_signal(int sig) {
    if (!status_) ::kill(pid_, sig);
}

std::optional<exit_status> child_process::wait_for(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    pollfd pfd{pidfd_, POLLIN, 0};
    int n;
    do {
        n = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return std::nullopt;
    int raw = 0;
    if (::waitpid(pid_, &raw, 0) != pid_) return std::nullopt;
    exit_status st;
    if (WIFSIGNALED(raw)) {
        st.signalled = true;
        st.code = WTERMSIG(raw);
    } else {
        st.code = WEXITSTATUS(raw);
    }
    status_ = st;
    return status_;
}

}  // namespace sfc::test
