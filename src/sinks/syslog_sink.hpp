#pragma once
// Events to a syslog receiver (rsyslog, syslog-ng, a SIEM's syslog input) as RFC 5424 messages,
// optionally carrying CEF or LEEF, over UDP (RFC 5426), TCP (RFC 6587) or TLS (RFC 5425).

#include <boost/asio/any_io_executor.hpp>
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
/// - UDP: best effort. Datagrams lost on the way are never reported; a local send error
///   reports the unsent events for retry (partial).
/// A message over max_message_bytes (or, with LF framing, one containing a line feed) is never
/// cut or split: it is listed in send_result::rejected for the dead-letter file, and the rest of
/// the batch is sent. Message contents are never logged.
class syslog_sink final : public sfc::sink {
public:
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
};

std::unique_ptr<sfc::sink> make_syslog_sink(const config::sink_config& cfg,
                                            boost::asio::any_io_executor executor,
                                            const sfc::clock& clock);

}  // namespace sfc::sinks
