// service_notifier: the exact datagrams systemd receives (sd_notify(3)), read from a socket the
// test binds where $NOTIFY_SOCKET points; on Windows, that nothing is enabled.
#include <gtest/gtest.h>

#include <string>

#include "log_capture.hpp"
#include "pki/test_pki.hpp"
#include "platform/notify.hpp"
#include "test_env.hpp"

#ifndef _WIN32
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <regex>
#endif

namespace sfc::platform {
namespace {

using sfc::test::set_env;
using sfc::test::unset_env;

class platform_notify : public ::testing::Test {
protected:
    void SetUp() override { clear(); }
    void TearDown() override { clear(); }

    static void clear() {
        unset_env("NOTIFY_SOCKET");
        unset_env("WATCHDOG_USEC");
        unset_env("WATCHDOG_PID");
    }
};

TEST_F(platform_notify, without_notify_socket_nothing_is_enabled) {
    service_notifier notifier = service_notifier::from_environment();
    EXPECT_FALSE(notifier.enabled());
    EXPECT_FALSE(notifier.watchdog_interval());
    notifier.ready();  // dropped, and no crash
    notifier.status("idle");
    notifier.watchdog();
    EXPECT_FALSE(service_notifier().enabled());
}

#ifdef _WIN32

TEST_F(platform_notify, windows_ignores_notify_socket) {
    set_env("NOTIFY_SOCKET", "/run/systemd/notify");
    set_env("WATCHDOG_USEC", "30000000");
    service_notifier notifier = service_notifier::from_environment();
    EXPECT_FALSE(notifier.enabled());
    EXPECT_FALSE(notifier.watchdog_interval());
    notifier.ready();
    notifier.stopping();
}

#else

/// A datagram socket standing in for systemd's notify socket.
class receiver {
public:
    /// Bound to `address` in the form of $NOTIFY_SOCKET: a path, or '@' + an abstract name.
    explicit receiver(const std::string& address) {
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un at{};
        at.sun_family = AF_UNIX;
        std::memcpy(at.sun_path, address.data(), address.size());
        socklen_t length = offsetof(sockaddr_un, sun_path) + address.size() + 1;
        if (address[0] == '@') {
            at.sun_path[0] = '\0';
            --length;
        }
        bound_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&at), length) == 0;
    }
    ~receiver() { ::close(fd_); }
    receiver(const receiver&) = delete;
    receiver& operator=(const receiver&) = delete;

    bool bound() const { return bound_; }

    /// The next datagram, or "<none>": a local datagram is queued before sendto returns, so
    /// there is nothing to wait for.
    std::string next() {
        char buffer[4096];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
        return n < 0 ? std::string("<none>") : std::string(buffer, static_cast<std::size_t>(n));
    }

private:
    int fd_ = -1;
    bool bound_ = false;
};

class platform_notify_socket : public platform_notify {
protected:
    void TearDown() override {
        platform_notify::TearDown();
        std::filesystem::remove_all(dir_);
    }

    std::filesystem::path dir_ = sfc::test::make_temp_dir("sfc-notify");
    std::string path_ = (dir_ / "notify").string();
};

TEST_F(platform_notify_socket, sends_each_state_as_one_datagram) {
    receiver systemd(path_);
    ASSERT_TRUE(systemd.bound()) << path_;
    set_env("NOTIFY_SOCKET", path_);
    service_notifier notifier = service_notifier::from_environment();
    ASSERT_TRUE(notifier.enabled());

    notifier.ready();
    EXPECT_EQ(systemd.next(), "READY=1");
    notifier.status("collecting: 2 orgs, 3 sinks");
    EXPECT_EQ(systemd.next(), "STATUS=collecting: 2 orgs, 3 sinks");
    notifier.watchdog();
    EXPECT_EQ(systemd.next(), "WATCHDOG=1");
    notifier.stopping();
    EXPECT_EQ(systemd.next(), "STOPPING=1");
    EXPECT_EQ(systemd.next(), "<none>");
}

TEST_F(platform_notify_socket, status_stays_one_line) {
    receiver systemd(path_);
    ASSERT_TRUE(systemd.bound());
    set_env("NOTIFY_SOCKET", path_);
    service_notifier notifier = service_notifier::from_environment();
    notifier.status("login failed\nREADY=1");
    EXPECT_EQ(systemd.next(), "STATUS=login failed READY=1");
}

TEST_F(platform_notify_socket, reloading_carries_the_monotonic_clock) {
    receiver systemd(path_);
    ASSERT_TRUE(systemd.bound());
    set_env("NOTIFY_SOCKET", path_);
    service_notifier notifier = service_notifier::from_environment();
    const auto usec = [] {
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        return static_cast<unsigned long long>(now.tv_sec) * 1000000ull +
               static_cast<unsigned long long>(now.tv_nsec) / 1000ull;
    };
    const auto before = usec();
    notifier.reloading();
    const auto after = usec();
    const std::string got = systemd.next();
    std::smatch m;
    ASSERT_TRUE(std::regex_match(got, m, std::regex("RELOADING=1\nMONOTONIC_USEC=([0-9]+)")))
        << got;
    const auto sent = std::stoull(m[1].str());
    EXPECT_LE(before, sent);
    EXPECT_LE(sent, after);
}

TEST_F(platform_notify_socket, reaches_an_abstract_socket) {
    // '@' is the abstract namespace: no file, the name unique to this run.
    const std::string address =
        "@sfc-notify-test-" + std::to_string(::getpid()) + "-" + dir_.filename().string();
    receiver systemd(address);
    ASSERT_TRUE(systemd.bound()) << address;
    set_env("NOTIFY_SOCKET", address);
    service_notifier notifier = service_notifier::from_environment();
    ASSERT_TRUE(notifier.enabled());
    notifier.ready();
    EXPECT_EQ(systemd.next(), "READY=1");
}

TEST_F(platform_notify_socket, a_moved_notifier_keeps_sending) {
    receiver systemd(path_);
    ASSERT_TRUE(systemd.bound());
    set_env("NOTIFY_SOCKET", path_);
    service_notifier first = service_notifier::from_environment();
    service_notifier second = std::move(first);
    EXPECT_FALSE(first.enabled());  // NOLINT(bugprone-use-after-move): moved-from is disabled
    second.ready();
    EXPECT_EQ(systemd.next(), "READY=1");
    service_notifier third;
    third = std::move(second);
    third.watchdog();
    EXPECT_EQ(systemd.next(), "WATCHDOG=1");
}

TEST_F(platform_notify_socket, a_missing_socket_is_logged_once_at_debug) {
    set_env("NOTIFY_SOCKET", path_);  // nobody bound it
    service_notifier notifier = service_notifier::from_environment();
    ASSERT_TRUE(notifier.enabled());
    sfc::test::log_capture log(spdlog::level::debug);
    notifier.ready();
    notifier.watchdog();
    notifier.watchdog();
    EXPECT_EQ(log.count(spdlog::level::debug, "cannot notify systemd at " + path_), 1);
}

TEST_F(platform_notify, addresses_that_are_no_unix_socket_disable_it) {
    for (const char* address : {"relative/notify", "@", "vsock:2:1234"}) {
        set_env("NOTIFY_SOCKET", address);
        EXPECT_FALSE(service_notifier::from_environment().enabled()) << address;
    }
    set_env("NOTIFY_SOCKET", "/" + std::string(200, 'x'));  // longer than sun_path
    EXPECT_FALSE(service_notifier::from_environment().enabled());
}

TEST_F(platform_notify, watchdog_interval_from_watchdog_usec) {
    set_env("NOTIFY_SOCKET", "/run/systemd/notify");  // never written to here
    EXPECT_FALSE(service_notifier::from_environment().watchdog_interval());

    set_env("WATCHDOG_USEC", "30000000");
    EXPECT_EQ(service_notifier::from_environment().watchdog_interval(),
              std::chrono::microseconds(30'000'000));

    set_env("WATCHDOG_PID", std::to_string(::getpid()));
    EXPECT_EQ(service_notifier::from_environment().watchdog_interval(), std::chrono::seconds(30));

    // Meant for the process that forked us.
    set_env("WATCHDOG_PID", std::to_string(::getppid()));
    EXPECT_FALSE(service_notifier::from_environment().watchdog_interval());
    unset_env("WATCHDOG_PID");

    for (const char* bad :
         {"0", "", "-5", "30s", "abc", "99999999999999999999999", "18446744073709551615"}) {
        set_env("WATCHDOG_USEC", bad);
        EXPECT_FALSE(service_notifier::from_environment().watchdog_interval()) << bad;
    }
}

TEST_F(platform_notify, no_watchdog_without_notify_socket) {
    set_env("WATCHDOG_USEC", "30000000");
    EXPECT_FALSE(service_notifier::from_environment().watchdog_interval());
}

#endif

}  // namespace
}  // namespace sfc::platform
