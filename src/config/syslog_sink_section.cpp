// A `type: syslog` sink: RFC 5424 (or CEF / LEEF) over UDP, TCP or TLS.

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "config/numbers.hpp"
#include "config/sink_sections.hpp"
#include "config/url.hpp"

namespace sfc::config {
namespace {

/// The largest UDP payload over IPv4; a bigger message cannot be sent as one datagram.
constexpr std::size_t max_udp_message = 65507;

/// RFC 5424 §6.2.1 numbers, with the names syslog daemons use.
constexpr std::array<std::string_view, 24> facility_names{
    "kern",   "user",   "mail",     "daemon", "auth",   "syslog",   "lpr",      "news",
    "uucp",   "cron",   "authpriv", "ftp",    "ntp",    "logaudit", "logalert", "clock",
    "local0", "local1", "local2",   "local3", "local4", "local5",   "local6",   "local7"};

constexpr std::array<std::string_view, 8> severity_names{
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

/// A number from 0 to names.size() - 1, or one of `names` (case-insensitive).
template <std::size_t N>
int parse_level(const std::string& text,
                const std::array<std::string_view, N>& names,
                std::string_view fix) {
    if (!text.empty() && text.front() >= '0' && text.front() <= '9') {
        return static_cast<int>(check_range(parse_count(text), 0, N - 1, fix));
    }
    for (std::size_t i = 0; i < N; ++i) {
        if (std::equal(
                text.begin(), text.end(), names[i].begin(), names[i].end(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) == b;
                })) {
            return static_cast<int>(i);
        }
    }
    throw value_error("not a number or a known name", std::string(fix));
}

int parse_facility(const std::string& text) {
    return parse_level(text,
                       facility_names,
                       "use 0 to 23 or a name: kern, user, mail, daemon, auth, syslog, lpr, news, "
                       "uucp, cron, authpriv, ftp, ntp, logaudit (13), logalert, clock, local0 "
                       "to local7");
}

int parse_severity(const std::string& text) {
    return parse_level(text,
                       severity_names,
                       "use 0 to 7 or a name: emerg, alert, crit, err, warning, notice, info "
                       "(6), debug");
}

/// RFC 5424 APP-NAME and HOSTNAME: visible ASCII without spaces, up to `max` characters.
std::string check_header_field(const std::string& text, std::size_t max, std::string_view what) {
    bool visible = std::all_of(text.begin(), text.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
    });
    if (!visible || text.size() > max) {
        throw value_error(std::string(what) + " must be 1 to " + std::to_string(max) +
                              " visible ASCII characters without spaces (RFC 5424)",
                          "shorten it or remove the spaces");
    }
    return text;
}

std::uint16_t parse_port(const std::string& text) {
    return static_cast<std::uint16_t>(
        check_range(parse_count(text), 1, 65535, "use the SIEM's syslog port, e.g. 6514 or 514"));
}

std::size_t parse_max_message(const std::string& text) {
    return check_range(parse_size(text),
                       480,
                       1u << 20,
                       "use 480 to 1048576 bytes (RFC 5424 receivers accept at least 480; 8192 "
                       "is common)");
}

void read_transport(const yaml_reader& reader, const mapping& sink, syslog_sink_config& out) {
    if (auto at = sink.find("transport")) {
        out.transport = reader
                            .read_choice<syslog_transport>(*at,
                                                           "syslog transport",
                                                           {{"udp", syslog_transport::udp},
                                                            {"tcp", syslog_transport::tcp},
                                                            {"tls", syslog_transport::tls}})
                            .value_or(out.transport);
    }
    // The IANA ports: 6514 for syslog over TLS (RFC 5425), 514 otherwise.
    out.port = out.transport == syslog_transport::tls ? 6514 : 514;
    if (auto at = sink.find("port")) out.port = reader.read_as(*at, parse_port).value_or(out.port);
}

void read_framing(const yaml_reader& reader, const mapping& sink, syslog_sink_config& out) {
    auto at = sink.find("framing");
    if (!at) return;
    if (out.transport == syslog_transport::udp) {
        reader.fail(*at,
                    "framing applies only to transport: tcp or tls",
                    "remove it: over UDP each message is one datagram");
    }
    out.framing =
        reader
            .read_choice<syslog_framing>(
                *at,
                "syslog framing",
                {{"octet_counting", syslog_framing::octet_counting}, {"lf", syslog_framing::lf}})
            .value_or(out.framing);
    if (out.framing == syslog_framing::lf && out.transport == syslog_transport::tls) {
        reader.fail(*at,
                    "lf framing is not allowed with transport: tls",
                    "remove framing (RFC 5425 requires octet_counting over TLS), or use "
                    "transport: tcp");
    }
}

void read_message_options(const yaml_reader& reader, const mapping& sink, syslog_sink_config& out) {
    if (auto at = sink.find("format")) {
        out.format = reader
                         .read_choice<syslog_format>(*at,
                                                     "syslog format",
                                                     {{"rfc5424", syslog_format::rfc5424},
                                                      {"cef", syslog_format::cef},
                                                      {"leef", syslog_format::leef}})
                         .value_or(out.format);
    }
    if (auto at = sink.find("facility")) {
        out.facility = reader.read_as(*at, parse_facility).value_or(out.facility);
    }
    if (auto at = sink.find("severity")) {
        out.severity = reader.read_as(*at, parse_severity).value_or(out.severity);
    }
    if (auto at = sink.find("app_name")) {
        auto parse = [](const std::string& t) { return check_header_field(t, 48, "app_name"); };
        out.app_name = reader.read_as(*at, parse).value_or(out.app_name);
    }
    if (auto at = sink.find("hostname")) {
        auto parse = [](const std::string& t) { return check_header_field(t, 255, "hostname"); };
        out.hostname = reader.read_as(*at, parse).value_or(out.hostname);
    }
}

void read_max_message(const yaml_reader& reader, const mapping& sink, syslog_sink_config& out) {
    auto at = sink.find("max_message_bytes");
    if (!at) return;
    out.max_message_bytes = reader.read_as(*at, parse_max_message).value_or(out.max_message_bytes);
    if (out.transport == syslog_transport::udp && out.max_message_bytes > max_udp_message) {
        reader.fail(*at,
                    "over UDP a message cannot exceed 65507 bytes",
                    "use at most 65507, or transport: tcp or tls");
    }
}

}  // namespace

syslog_sink_config read_syslog_sink(const section_context& context, const mapping& sink) {
    const yaml_reader& reader = context.reader;
    syslog_sink_config out;
    auto host_at = sink.find("host");
    auto host = host_at ? reader.read_as(*host_at, normalize_host) : std::nullopt;
    if (!host) {
        reader.fail(host_at ? host_at->line : item_line(sink),
                    sink.self().name + ".host",
                    "a syslog sink needs a host",
                    "write host: siem.example.com (the SIEM's syslog receiver)");
    }
    out.host = *host;
    read_transport(reader, sink, out);
    read_framing(reader, sink, out);
    read_message_options(reader, sink, out);
    read_max_message(reader, sink, out);
    if (auto at = sink.find("tls")) {
        if (out.transport != syslog_transport::tls) {
            reader.fail(
                *at, "tls applies only with transport: tls", "remove it, or set transport: tls");
        }
        out.tls = read_tls(context, *at);
    }
    return out;
}

}  // namespace sfc::config
