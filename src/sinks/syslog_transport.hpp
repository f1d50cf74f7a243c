#pragma once
// How syslog payloads leave the process: a byte stream (TCP, TLS) or datagrams (UDP). Asio stays
// in the .cpp files; this header is cheap to include.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

#include "sfc/config.hpp"

namespace sfc::sinks {

/// Deadlines for the network steps.
struct syslog_timeouts {
    std::chrono::milliseconds connect{std::chrono::seconds(10)};  ///< resolve + TCP + TLS
    std::chrono::milliseconds write{std::chrono::seconds(30)};    ///< one batch
    std::chrono::milliseconds shutdown{std::chrono::seconds(5)};  ///< TLS close_notify exchange
};

/// What a transport did with a batch.
struct transport_result {
    std::size_t delivered = 0;  ///< payloads handed to the kernel (a stream: counted from the
                                ///< first)
    std::string error;          ///< empty when all were; else one line naming the peer and step
    std::size_t dropped = 0;    ///< datagrams given up on (UDP only; a stream never drops)
    bool refused = false;       ///< UDP: the receiver answered ICMP port unreachable
};

class syslog_transport {
public:
    virtual ~syslog_transport() = default;
    /// Sends the payloads in order. A stream transport writes them all or reports 0 delivered;
    /// a datagram transport drops a datagram it cannot send and goes on with the next one
    /// (after an error other than a refusal, it drops the rest of the batch).
    virtual boost::asio::awaitable<transport_result> deliver(
        std::span<const std::string> payloads) = 0;
    /// Ends the connection (TLS: close_notify within the shutdown deadline); never throws.
    virtual boost::asio::awaitable<void> close() = 0;
};

/// TCP (RFC 6587) or TLS (RFC 5425) to cfg.host:cfg.port. Connects on the first deliver and
/// again on the next deliver after a failure or after the receiver closed the connection.
/// Throws sink_error when the TLS set-up (CA file, client certificate or key) is unusable.
std::unique_ptr<syslog_transport> make_stream_transport(const config::syslog_sink_config& cfg,
                                                        boost::asio::any_io_executor executor,
                                                        std::string peer_name,
                                                        const syslog_timeouts& timeouts);

/// UDP (RFC 5426), one payload per datagram: best effort, nothing tells a lost datagram. A
/// refusal (ICMP port unreachable, reported by the send after it) or a failed resolve drops
/// datagrams instead of holding them: `dropped`, `error` and `refused` say so.
std::unique_ptr<syslog_transport> make_udp_transport(const config::syslog_sink_config& cfg,
                                                     boost::asio::any_io_executor executor,
                                                     std::string peer_name,
                                                     const syslog_timeouts& timeouts);

}  // namespace sfc::sinks
