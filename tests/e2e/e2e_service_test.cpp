// The daemon under a service manager: systemd's notify protocol on a test socket, and the
// state_dir lock that keeps a second collector off the first one's cursors.

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include "e2e/collector_fixture.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

/// A datagram socket standing in for systemd's $NOTIFY_SOCKET.
class notify_socket {
public:
    explicit notify_socket(const std::filesystem::path& path) : path_(path) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        path.string().copy(addr.sun_path, sizeof(addr.sun_path) - 1);
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
        timeval tv{0, 200'000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    ~notify_socket() { ::close(fd_); }

    /// Messages until one contains `wanted` (true), or `timeout` passes (false).
    bool wait_for(const std::string& wanted, std::chrono::milliseconds timeout) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof(buf), 0);
            if (n <= 0) continue;  // the receive timeout: look at the clock again
            received_.emplace_back(buf, static_cast<std::size_t>(n));
            if (received_.back().find(wanted) != std::string::npos) return true;
        }
        return false;
    }
    std::string all() const {
        std::string out;
        for (const auto& m : received_) out += m + "\n---\n";
        return out;
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    std::vector<std::string> received_;
};

class service : public collector_fixture {
protected:
    std::unique_ptr<child_process> launch(const std::string& command,
                                          const std::filesystem::path& config,
                                          const std::vector<std::string>& env,
                                          const std::string& log_name) {
        return std::make_unique<child_process>(
            std::getenv("SFC_BINARY"),
            std::vector<std::string>{command, "--config", config.string()}, env,
            dir_ / (log_name + ".out"), dir_ / (log_name + ".err"));
    }
};

}  // namespace

TEST_F(service, tells_systemd_ready_status_watchdog_and_stopping) {
    start_fake(fake_options());
    dataset_spec d;
    d.files = 2;
    d.rows_per_file = 10;
    fake_->generate_dataset(d);
    notify_socket sock(dir_ / "notify.sock");
    auto child = launch("run", write_config(),
                        {"NOTIFY_SOCKET=" + (dir_ / "notify.sock").string(),
                         "WATCHDOG_USEC=400000"},
                        "daemon");
    ASSERT_TRUE(sock.wait_for("READY=1", 30s)) << sock.all();
    EXPECT_TRUE(sock.wait_for("WATCHDOG=1", 10s)) << sock.all();
    // The summary follows the collection: both files delivered.
    EXPECT_TRUE(sock.wait_for("20 event(s) delivered", 30s)) << sock.all();
    EXPECT_NE(sock.all().find("STATUS=1/1 org(s) logged in"), std::string::npos) << sock.all();
    child->send_signal(SIGHUP);
    EXPECT_TRUE(sock.wait_for("RELOADING=1", 10s)) << sock.all();
    EXPECT_TRUE(sock.wait_for("READY=1", 10s)) << sock.all();
    child->send_signal(SIGTERM);
    EXPECT_TRUE(sock.wait_for("STOPPING=1", 10s)) << sock.all();
    const auto st = child->wait_for(30s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0);
}

TEST_F(service, a_second_collector_on_the_same_state_dir_refuses_and_names_the_first) {
    start_fake(fake_options());
    const auto config = write_config();
    auto first = start("run", config);
    ASSERT_TRUE(wait_until(
        [this] { return stderr_text().find("logged in") != std::string::npos; }, 30s))
        << stderr_text();
    auto second = launch("once", config, {}, "second");
    const auto st = second->wait_for(30s);
    ASSERT_TRUE(st);
    EXPECT_NE(st->code, 0);
    const auto err = read_file(dir_ / "second.err");
    EXPECT_NE(err.find("in use by another sfcollector (pid " + std::to_string(first->pid()) + ")"),
              std::string::npos)
        << err;
    first->send_signal(SIGTERM);
    ASSERT_TRUE(first->wait_for(30s));
    // Released with the process: the next one runs.
    EXPECT_EQ(run("once", config).code, 0) << stderr_text();
}
