#include "platform/notify.hpp"

#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <system_error>
#include <utility>

namespace sfc::platform {
namespace {

/// A positive decimal number and nothing else, as systemd writes them.
std::optional<std::uint64_t> parse_positive(const char* text) {
    if (text == nullptr || *text == '\0') return std::nullopt;
    std::uint64_t value = 0;
    const char* end = text + std::strlen(text);
    const auto [at, ec] = std::from_chars(text, end, value);
    if (ec != std::errc() || at != end || value == 0) return std::nullopt;
    return value;
}

/// $WATCHDOG_USEC, unless $WATCHDOG_PID says it was meant for another process (a child that
/// inherited the environment must not think it is watched).
std::optional<std::chrono::microseconds> watchdog_from_environment() {
    const auto usec = parse_positive(std::getenv("WATCHDOG_USEC"));
    using std::chrono::microseconds;
    if (!usec || *usec > static_cast<std::uint64_t>(microseconds::max().count())) {
        return std::nullopt;
    }
    if (const char* pid_text = std::getenv("WATCHDOG_PID")) {
        const auto pid = parse_positive(pid_text);
        if (!pid || *pid != static_cast<std::uint64_t>(::getpid())) return std::nullopt;
    }
    return microseconds(static_cast<microseconds::rep>(*usec));
}

/// The socket address of $NOTIFY_SOCKET and its length; 0 when it is no AF_UNIX address (systemd
/// 254 also knows "vsock:", for virtual machines, which a collector does not run as).
socklen_t unix_address(const std::string& text, sockaddr_un& out) {
    out = {};
    out.sun_family = AF_UNIX;
    if (text.size() < 2 || (text[0] != '/' && text[0] != '@')) return 0;
    if (text.size() >= sizeof out.sun_path) return 0;
    std::memcpy(out.sun_path, text.data(), text.size());
    const auto base = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path));
    if (text[0] == '@') {
        // Abstract namespace: a leading NUL, and the length counts exactly the name's bytes.
        out.sun_path[0] = '\0';
        return base + static_cast<socklen_t>(text.size());
    }
    return base + static_cast<socklen_t>(text.size() + 1);
}

std::uint64_t monotonic_usec() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::uint64_t>(now.tv_sec) * 1000000u +
           static_cast<std::uint64_t>(now.tv_nsec) / 1000u;
}

}  // namespace

service_notifier service_notifier::from_environment() {
    service_notifier out;
    const char* address = std::getenv("NOTIFY_SOCKET");
    if (address == nullptr || *address == '\0') return out;
    out.address_ = address;
    sockaddr_un ignored{};
    if (unix_address(out.address_, ignored) == 0) {
        spdlog::debug("NOTIFY_SOCKET={} is no AF_UNIX socket address; not notifying systemd",
                      out.address_);
        return out;
    }
    // Non-blocking: a stalled service manager must never stall the collector.
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        const std::error_code error(errno, std::generic_category());
        spdlog::debug("cannot create a socket for NOTIFY_SOCKET: {}", error.message());
        return out;
    }
    out.socket_ = fd;
    out.watchdog_ = watchdog_from_environment();
    return out;
}

service_notifier::service_notifier(service_notifier&& other) noexcept
    : socket_(std::exchange(other.socket_, invalid)),
      address_(std::move(other.address_)),
      watchdog_(std::exchange(other.watchdog_, std::nullopt)),
      failure_logged_(other.failure_logged_.load()) {}

service_notifier& service_notifier::operator=(service_notifier&& other) noexcept {
    if (this != &other) {
        if (socket_ != invalid) ::close(static_cast<int>(socket_));
        socket_ = std::exchange(other.socket_, invalid);
        address_ = std::move(other.address_);
        watchdog_ = std::exchange(other.watchdog_, std::nullopt);
        failure_logged_ = other.failure_logged_.load();
    }
    return *this;
}

service_notifier::~service_notifier() {
    if (socket_ != invalid) ::close(static_cast<int>(socket_));
}

void service_notifier::ready() {
    send("READY=1");
}

void service_notifier::status(std::string_view text) {
    std::string message = "STATUS=";
    message += text;
    // One line: a newline would start another KEY=VALUE assignment.
    std::replace(message.begin(), message.end(), '\n', ' ');
    send(message);
}

void service_notifier::stopping() {
    send("STOPPING=1");
}

void service_notifier::reloading() {
    send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()));
}

void service_notifier::watchdog() {
    send("WATCHDOG=1");
}

void service_notifier::send(std::string_view message) {
    if (!enabled()) return;
    sockaddr_un to{};
    const socklen_t length = unix_address(address_, to);
    const ssize_t sent = ::sendto(static_cast<int>(socket_),
                                  message.data(),
                                  message.size(),
                                  MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&to),
                                  length);
    if (sent >= 0) return;
    const std::error_code error(errno, std::generic_category());
    // Once only: the watchdog would repeat it every few seconds for as long as systemd is away.
    if (failure_logged_.exchange(true)) return;
    spdlog::debug("cannot notify systemd at {}: {}", address_, error.message());
}

}  // namespace sfc::platform
