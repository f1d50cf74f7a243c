#pragma once
// Shared by the syslog sink tests: driving a sink on an io_context, events that break naive
// framing, and what rsyslog must have written for them.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <exception>
#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "sfc/event.hpp"
#include "sinks/syslog_message.hpp"

namespace sfc::test {

/// A temp dir removed with everything in it at the end of the test.
struct scoped_dir {
    explicit scoped_dir(std::filesystem::path p) : path(std::move(p)) {}
    ~scoped_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    scoped_dir(const scoped_dir&) = delete;
    scoped_dir& operator=(const scoped_dir&) = delete;
    std::filesystem::path path;
};

/// A loopback TCP listener that never accepts nor reads: connections complete in the kernel's
/// backlog, then nothing answers (a hung receiver). A small receive buffer makes writes stall
/// soon.
class silent_listener {
public:
    silent_listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int small = 4096;
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd_, 8) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            ::close(fd_);
            throw std::runtime_error("silent_listener: cannot listen on loopback");
        }
        port_ = ntohs(addr.sin_port);
    }
    ~silent_listener() { ::close(fd_); }
    silent_listener(const silent_listener&) = delete;
    silent_listener& operator=(const silent_listener&) = delete;
    std::uint16_t port() const { return port_; }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

/// Runs `op` to completion on `io` (which the sink's connection lives on between calls).
template <class T>
T run_on(boost::asio::io_context& io, boost::asio::awaitable<T> op) {
    std::optional<T> out;
    std::exception_ptr error;
    boost::asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T r) {
        error = e;
        if (!e) out = std::move(r);
    });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
    if (!out) throw std::logic_error("the operation did not finish");
    return std::move(*out);
}

inline void run_on(boost::asio::io_context& io, boost::asio::awaitable<void> op) {
    std::exception_ptr error;
    bool finished = false;
    boost::asio::co_spawn(io, std::move(op), [&](std::exception_ptr e) {
        error = e;
        finished = true;
    });
    io.restart();
    io.run();
    if (error) std::rethrow_exception(error);
    if (!finished) throw std::logic_error("the operation did not finish");
}

inline config::sink_config syslog_config(config::syslog_transport transport, std::uint16_t port) {
    config::sink_config cfg;
    cfg.type = config::sink_type::syslog;
    cfg.syslog.host = "127.0.0.1";
    cfg.syslog.port = port;
    cfg.syslog.transport = transport;
    cfg.syslog.hostname = "sfc-test-host";
    return cfg;
}

inline std::chrono::system_clock::time_point fixed_time() {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1'750'000'000));
}

/// Events whose bodies break naive framing or escaping: raw line feeds, quotes, backslashes,
/// ']' (ends an SD-ELEMENT), a leading digit, and non-ASCII text.
inline std::vector<event> tricky_events(const std::string& tag) {
    return {
        {tag + "-1", R"({"tag":")" + tag + R"(","n":1,"text":"plain"})"},
        {tag + "-2", R"({"tag":")" + tag + "\",\"n\":2,\"text\":\"line one\nline two\n\nfour\"}"},
        {tag + "-3", R"({"tag":")" + tag + R"(","n":3,"q":"say \"hi\"","path":"C:\\dir\\f"})"},
        {tag + "-4", R"({"tag":")" + tag + R"(","n":4,"sd":"[x@1 a=\"]\"] ]]"})"},
        {tag + "-5", R"({"tag":")" + tag + R"(","n":5,"name":"Zoë Ñúñez 日本語 🙂"})"},
        {tag + "-6", R"({"tag":")" + tag + "\",\"n\":6,\"fake\":\"\n12 <13>1 - - - - - framed?\"}"},
    };
}

inline std::vector<event> plain_events(const std::string& tag, int count) {
    std::vector<event> out;
    for (int i = 0; i < count; ++i) {
        out.push_back({tag + "-" + std::to_string(i),
                       R"({"tag":")" + tag + R"(","n":)" + std::to_string(i) + "}"});
    }
    return out;
}

/// What rsyslog's "%rawmsg%\n" template writes for the events, skipping positions in `skip`.
inline std::string expected_output(const std::vector<event>& events,
                                   const config::sink_config& cfg,
                                   const std::set<std::size_t>& skip = {}) {
    const auto header = sinks::make_syslog_header(cfg.syslog);
    std::string out;
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (skip.contains(i)) continue;
        out += sinks::render_syslog_message(events[i], cfg.syslog.format, header, fixed_time());
        out += '\n';
    }
    return out;
}

}  // namespace sfc::test
