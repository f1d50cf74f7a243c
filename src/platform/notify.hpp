#pragma once
// Telling systemd how the service is doing, with sd_notify(3)'s datagram protocol and without
// libsystemd: READY=1 once the collector runs (Type=notify), STATUS= for `systemctl status`,
// STOPPING=1 while it drains, RELOADING=1 around a reopen (Type=notify-reload), WATCHDOG=1 as a
// keep-alive (WatchdogSec=). Everything is a no-op when $NOTIFY_SOCKET is unset (a shell, or
// Type=simple) and on Windows, whose service manager has its own channel (service_lifecycle).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::platform {

/// Move-only; the messages are thread-safe (one datagram each).
class service_notifier {
public:
    /// Disabled: every message is dropped.
    service_notifier() = default;
    /// From $NOTIFY_SOCKET (a path, or '@' for Linux's abstract namespace) and $WATCHDOG_USEC
    /// (honoured only when $WATCHDOG_PID is unset or names this process). The variables stay set.
    static service_notifier from_environment();

    service_notifier(service_notifier&& other) noexcept;
    service_notifier& operator=(service_notifier&& other) noexcept;
    service_notifier(const service_notifier&) = delete;
    service_notifier& operator=(const service_notifier&) = delete;
    ~service_notifier();

    /// True when messages go somewhere.
    bool enabled() const { return socket_ != invalid; }

    /// READY=1: start-up is done (systemctl start returns), or a reload is.
    void ready();
    /// STATUS=<text>, one line shown by `systemctl status`; line breaks become spaces.
    void status(std::string_view text);
    /// STOPPING=1: the stop has begun.
    void stopping();
    /// RELOADING=1 with MONOTONIC_USEC= (systemd 253 needs both); send ready() when done.
    void reloading();
    /// WATCHDOG=1: the service is alive.
    void watchdog();

    /// WatchdogSec= as systemd passed it, or none. Ping with watchdog() every half of it.
    std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

private:
    static constexpr std::intptr_t invalid = -1;

    /// One datagram of newline-separated KEY=VALUE lines; a failure is logged once, at debug.
    void send(std::string_view message);

    std::intptr_t socket_ = invalid;
    std::string address_;  ///< $NOTIFY_SOCKET as given
    std::optional<std::chrono::microseconds> watchdog_;
    std::atomic<bool> failure_logged_{false};
};

}  // namespace sfc::platform
