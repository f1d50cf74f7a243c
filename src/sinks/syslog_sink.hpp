#pragma once
// Events to a syslog receiver (rsyslog, syslog-ng, a SIEM's syslog input) as RFC 5424 messages,
// optionally carrying CEF or LEEF, over UDP (RFC 5426), TCP (RFC 6587) or TLS (RFC 5425).

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"
#include "sinks/syslog_message.hpp"
#include "sinks/syslog_transport.hpp"

namespace sfc::sinks {

/// Delivery guarantees by transport:
/// - TCP and TLS: at-least-once up to the TCP send buffer. send() reports ok once the batch is
///   in the kernel; a receiver that dies before reading it loses it unnoticed. A failed connect
///   or write reports retry, and the retry sends the whole batch again on a new connection, so
///   a receiver may see part of a batch twice (event ids let a SIEM drop repeats).
/// - UDP: best effort, never holding delivery back. Datagrams lost on the way are never
///   reported; a datagram the kernel cannot send (the receiver refuses it with ICMP port
///   unreachable, no route, an unresolvable host) is dropped and send() still reports ok. The
///   first drop of an episode logs a warning; the episode ends, with an info line counting what
///   was dropped, at the first batch sent whole at least `udp_quiet_period` after the last drop
///   (ICMP replies are rate-limited, so one clean batch alone proves nothing).
/// A message over max_message_bytes (or, with LF framing, one containing a line feed) is never
/// cut or split: it is listed in send_result::rejected for the dead-letter file, and the rest of
/// the batch is sent. Message contents are never logged.
class syslog_sink final : public sfc::sink {
public:
    static constexpr std::chrono::seconds udp_quiet_period{30};

    /// Throws sink_error when the config cannot work (no host, LF framing with TLS, an unusable
    /// CA file or client certificate). Nothing connects before the first send().
    syslog_sink(const config::sink_config& cfg,
                boost::asio::any_io_executor executor,
                const sfc::clock& clock,
                const syslog_timeouts& timeouts = {});
    ~syslog_sink() override;
    syslog_sink(const syslog_sink&) = delete;
    syslog_sink& operator=(const syslog_sink&) = delete;

    /// "syslog:tls://host:port".
    std::string name() const override { return name_; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;
    /// Closes the connection; over TLS, sends close_notify first (within the shutdown deadline).
    boost::asio::awaitable<void> stop() override;

private:
    config::syslog_sink_config cfg_;
    const sfc::clock& clock_;
    std::string name_;
    format::syslog_header header_;
    std::unique_ptr<syslog_transport> transport_;
    std::vector<std::string> payloads_;   // reused by every batch
    std::vector<std::size_t> positions_;  // payloads_[k] is events[positions_[k]]

    /// UDP: logs the start and the end of an episode of dropped datagrams.
    void note_datagrams(const transport_result& outcome);
    bool dropping_ = false;
    std::uint64_t dropped_ = 0;  // in this episode
    std::chrono::steady_clock::time_point last_drop_;
};

std::unique_ptr<sfc::sink> make_syslog_sink(const config::sink_config& cfg,
                                            boost::asio::any_io_executor executor,
                                            const sfc::clock& clock);

}  // namespace sfc::sinks
