#pragma once
// A real rsyslogd for sink tests: a config in a temp dir, the daemon as a child process on a
// loopback port, and what it received written raw (%rawmsg%, one message per line) to a file.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "process/child_process.hpp"

namespace sfc::test {

struct rsyslog_options {
    enum class listener { tcp, udp };
    listener input = listener::tcp;
    /// TCP only: TLS through the ossl netstream driver (package rsyslog-openssl).
    bool tls = false;
    /// "anon" (no client certificate) or "x509/certvalid" (a client certificate from ca_file).
    std::string auth_mode = "anon";
    std::filesystem::path ca_file;
    std::filesystem::path cert_file;
    std::filesystem::path key_file;
};

class rsyslog_server {
public:
    /// Writes the config into `dir` and starts rsyslogd on a free loopback port; returns once
    /// it listens. Throws std::runtime_error (with rsyslogd's stderr) when it does not start.
    rsyslog_server(std::filesystem::path dir, rsyslog_options options);
    ~rsyslog_server();
    rsyslog_server(const rsyslog_server&) = delete;
    rsyslog_server& operator=(const rsyslog_server&) = delete;

    std::uint16_t port() const { return port_; }
    /// Messages received, each followed by '\n'; appended across restarts.
    const std::filesystem::path& output() const { return output_; }

    /// SIGTERM and wait for the exit: the port is closed when this returns.
    void stop();
    /// Starts again on the same port.
    void start();

    /// Polls the output until `done(content)` holds or `timeout` passes; returns the content.
    std::string wait_for_output(const std::function<bool(const std::string&)>& done,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
    /// The output once it holds at least `bytes` bytes (or at the timeout).
    std::string wait_for_bytes(std::size_t bytes,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

private:
    void write_config() const;
    void wait_until_listening();
    std::string diagnostics() const;

    std::filesystem::path dir_;
    rsyslog_options options_;
    std::uint16_t port_ = 0;
    std::filesystem::path output_;
    std::unique_ptr<child_process> process_;
};

/// A loopback port nobody listens on right now (bound to port 0, then released).
std::uint16_t free_loopback_port(bool udp = false);

}  // namespace sfc::test
