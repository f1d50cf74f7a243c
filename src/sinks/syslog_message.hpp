#pragma once
// From an event to the bytes a syslog transport sends: the RFC 5424 message in the configured
// format, the size and framing checks (a message is sent whole or not at all), and the frame.

#include <chrono>
#include <cstddef>
#include <string>

#include "format/format.hpp"
#include "sfc/config.hpp"
#include "sfc/event.hpp"

namespace sfc::sinks {

/// RFC 5426 §3.2: a datagram cannot carry more than 65,507 bytes over IPv4; this leaves room.
inline constexpr std::size_t max_udp_message_bytes = 65000;

/// The header fields from the config; an empty hostname becomes this host's name and PROCID the
/// collector's process id, so a receiver can tell restarts apart.
format::syslog_header make_syslog_header(const config::syslog_sink_config& cfg);

/// One event as a syslog message: RFC 5424, or CEF/LEEF as the MSG of an RFC 5424 message.
/// `now` is the timestamp used when the event carries none.
std::string render_syslog_message(const event& e,
                                  config::syslog_format format,
                                  const format::syslog_header& header,
                                  std::chrono::system_clock::time_point now);

/// The bytes to put on the wire for one message, or why it cannot be sent (then `bytes` is
/// empty): too large for max_message_bytes (or a UDP datagram), or a line feed under LF framing.
struct syslog_payload {
    std::string bytes;
    std::string rejection;  ///< one line for the dead-letter file; empty when `bytes` is good
};
syslog_payload make_syslog_payload(std::string_view message, const config::syslog_sink_config& cfg);

}  // namespace sfc::sinks
