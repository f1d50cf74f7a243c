#include "sinks/syslog_message.hpp"

#include <algorithm>

#include "platform/process.hpp"

namespace sfc::sinks {

namespace {

std::size_t size_limit(const config::syslog_sink_config& cfg) {
    if (cfg.transport != config::syslog_transport::udp) return cfg.max_message_bytes;
    return std::min(cfg.max_message_bytes, max_udp_message_bytes);
}

std::string too_large(std::size_t size, const config::syslog_sink_config& cfg) {
    std::string reason = "syslog message of " + std::to_string(size) + " bytes is over ";
    if (cfg.transport == config::syslog_transport::udp &&
        cfg.max_message_bytes > max_udp_message_bytes) {
        return reason + "the UDP datagram limit of " + std::to_string(max_udp_message_bytes) +
               " bytes; it is never truncated: use transport tcp or tls";
    }
    return reason + "max_message_bytes (" + std::to_string(cfg.max_message_bytes) +
           "); it is never truncated: raise max_message_bytes if the receiver accepts more";
}

}  // namespace

format::syslog_header make_syslog_header(const config::syslog_sink_config& cfg) {
    format::syslog_header h;
    h.facility = cfg.facility;
    h.severity = cfg.severity;
    h.hostname = cfg.hostname.empty() ? platform::host_name() : cfg.hostname;
    h.app_name = cfg.app_name;
    h.procid = std::to_string(platform::process_id());
    return h;
}

std::string render_syslog_message(const event& e,
                                  config::syslog_format format,
                                  const format::syslog_header& header,
                                  std::chrono::system_clock::time_point now) {
    const auto fields = format::read_fields(e);  // parsed once for the header and the body
    switch (format) {
        case config::syslog_format::cef:
            return format::rfc5424_wrap(format::cef(fields), fields, header, now);
        case config::syslog_format::leef:
            return format::rfc5424_wrap(format::leef(fields), fields, header, now);
        case config::syslog_format::rfc5424:
            break;
    }
    return format::rfc5424(e, fields, header, now);
}

syslog_payload make_syslog_payload(std::string_view message,
                                   const config::syslog_sink_config& cfg) {
    if (message.size() > size_limit(cfg)) return {{}, too_large(message.size(), cfg)};
    switch (cfg.transport) {
        case config::syslog_transport::udp:
            return {std::string(message), {}};  // RFC 5426: one message per datagram, no frame
        case config::syslog_transport::tcp:
        case config::syslog_transport::tls:
            break;
    }
    if (cfg.framing == config::syslog_framing::octet_counting) {
        return {format::frame_octet_counting(message), {}};
    }
    if (auto framed = format::frame_lf(message)) return {std::move(*framed), {}};
    return {{},
            "syslog message contains a line feed, which LF framing would split into several "
            "messages; use framing octet_counting"};
}

}  // namespace sfc::sinks
