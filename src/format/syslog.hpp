#pragma once
// RFC 5424 syslog messages (no framing; see framing.hpp).

#include <chrono>
#include <string>
#include <string_view>

#include "format/event_fields.hpp"
#include "sfc/event.hpp"

namespace sfc::format {

/// The SD-ID of the structured data element rfc5424() writes. 32473 is the IANA Private
/// Enterprise Number reserved for documentation (RFC 5612).
inline constexpr std::string_view sd_id = "sfc@32473";

struct syslog_header {
    int facility = 13;                     // log audit; clamped to 0-23
    int severity = 6;                      // informational; clamped to 0-7
    std::string hostname;                  // "-" when empty
    std::string app_name = "sfcollector";  // APP-NAME
    std::string procid;                    // "-" when empty
    std::string msgid;  // default: the event type (e.g. "Login"), "-" when unknown
};

/// A whole RFC 5424 message (no framing): <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG.
/// TIMESTAMP: the event's time (sfc.timestamp) if it has one, else `now` (RFC 3339, ms, "Z").
/// SD: [sfc@32473 event_id="…" org_id="…" event_type="…" log_file_id="…" row="…"] (only the
/// params the event has; PARAM-VALUE escaping of '"', '\' and ']'). MSG: UTF-8 BOM + the event
/// JSON (bytes that are not valid UTF-8 become U+FFFD, so MSG is always valid MSG-UTF8).
/// Header fields are printable US-ASCII only (any other character becomes '_') and truncated to
/// the RFC's limits (HOSTNAME 255, APP-NAME 48, PROCID 128, MSGID 32).
std::string rfc5424(const sfc::event& e,
                    const syslog_header& h,
                    std::chrono::system_clock::time_point now);
/// The same with the fields already read (saves parsing the JSON twice).
std::string rfc5424(const sfc::event& e,
                    const event_fields& f,
                    const syslog_header& h,
                    std::chrono::system_clock::time_point now);

/// RFC 5424 header with no SD ("-") and `msg` as MSG (no BOM): how CEF and LEEF travel over
/// syslog. `msg` is copied as-is.
std::string rfc5424_wrap(std::string_view msg,
                         const sfc::event& e,
                         const syslog_header& h,
                         std::chrono::system_clock::time_point now);
std::string rfc5424_wrap(std::string_view msg,
                         const event_fields& f,
                         const syslog_header& h,
                         std::chrono::system_clock::time_point now);

/// PRIVAL: facility * 8 + severity, each clamped to its range (0-23, 0-7).
int syslog_prival(int facility, int severity);

}  // namespace sfc::format
