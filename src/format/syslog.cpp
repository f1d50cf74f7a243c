#include "format/syslog.hpp"

#include <algorithm>

#include "format/text.hpp"
#include "format/timestamp.hpp"

namespace sfc::format {
namespace {

// RFC 5424 section 6: field lengths in octets (the fields are ASCII, so also characters).
constexpr std::size_t hostname_max = 255;
constexpr std::size_t app_name_max = 48;
constexpr std::size_t procid_max = 128;
constexpr std::size_t msgid_max = 32;

constexpr std::string_view bom = "\xEF\xBB\xBF";

// The header up to MSGID, without the SP that follows it.
std::string header(const event_fields& f,
                   const syslog_header& h,
                   std::chrono::system_clock::time_point now) {
    std::string out = "<" + std::to_string(syslog_prival(h.facility, h.severity)) + ">1 ";
    std::string ts = rfc3339_ms(f.epoch_ms ? *f.epoch_ms : to_epoch_ms(now));
    out += ts.empty() ? "-" : ts;
    out += ' ';
    out += header_token(h.hostname, hostname_max);
    out += ' ';
    out += header_token(h.app_name, app_name_max);
    out += ' ';
    out += header_token(h.procid, procid_max);
    out += ' ';
    out += header_token(h.msgid.empty() ? f.event_type : h.msgid, msgid_max);
    return out;
}

// PARAM-VALUE (section 6.3.3): '"', '\' and ']' MUST be escaped; the value is UTF-8.
void append_param_value(std::string& out, std::string_view value) {
    std::string repaired;
    if (!is_valid_utf8(value)) {
        append_utf8_repaired(repaired, value);
        value = repaired;
    }
    for (const char c : value) {
        if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
        out.push_back(c);
    }
}

void append_param(std::string& out, std::string_view name, std::string_view value) {
    if (value.empty()) return;
    out += ' ';
    out += name;
    out += "=\"";
    append_param_value(out, value);
    out += '"';
}

std::string structured_data(const event_fields& f) {
    std::string out = "[";
    out += sd_id;
    const std::size_t bare = out.size();
    append_param(out, "event_id", f.event_id);
    append_param(out, "org_id", f.org_id);
    append_param(out, "event_type", f.event_type);
    append_param(out, "log_file_id", f.log_file_id);
    append_param(out, "row", f.row);
    // An element without params is legal but says nothing; NILVALUE says the same plainly.
    if (out.size() == bare) return "-";
    out += ']';
    return out;
}

}  // namespace

int syslog_prival(int facility, int severity) {
    return std::clamp(facility, 0, 23) * 8 + std::clamp(severity, 0, 7);
}

std::string rfc5424(const sfc::event& e,
                    const syslog_header& h,
                    std::chrono::system_clock::time_point now) {
    return rfc5424(e, read_fields(e), h, now);
}

std::string rfc5424(const sfc::event& e,
                    const event_fields& f,
                    const syslog_header& h,
                    std::chrono::system_clock::time_point now) {
    std::string out = header(f, h, now);
    out += ' ';
    out += structured_data(f);
    out += ' ';
    out += bom;
    // MSG-UTF8 must be UTF-8 after the BOM. An event with an origin was rendered by a builder
    // or checked by simdjson, so its JSON is; one known only by its text may have come in
    // damaged.
    if (e.origin || is_valid_utf8(e.json)) {
        out += e.json;
    } else {
        append_utf8_repaired(out, e.json);
    }
    return out;
}

std::string rfc5424_wrap(std::string_view msg,
                         const sfc::event& e,
                         const syslog_header& h,
                         std::chrono::system_clock::time_point now) {
    return rfc5424_wrap(msg, read_fields(e), h, now);
}

std::string rfc5424_wrap(std::string_view msg,
                         const event_fields& f,
                         const syslog_header& h,
                         std::chrono::system_clock::time_point now) {
    std::string out = header(f, h, now);
    out += " -";
    if (!msg.empty()) {
        out += ' ';
        out += msg;
    }
    return out;
}

}  // namespace sfc::format
