#include "format/leef.hpp"

// Salesforce to LEEF 2.0 (IBM QRadar), attributes delimited by '^'.
//
// Header
//   Vendor     "Salesforce"
//   Product    sfc.source ("EventLogFile"), "unknown" when absent
//   Version    "1": the version of this mapping
//   EventID    the event type ("Login", "URI", …), "unknown" when absent: QRadar maps
//              (vendor, product, EventID) to a QID
//   Delimiter  '^'
//
// Attributes (keys with an empty value are left out)
//   devTime        sfc.timestamp in UTC, "2023-12-18T05:48:31.655+0000"
//   devTimeFormat  "yyyy-MM-dd'T'HH:mm:ss.SSSZ" (Java SimpleDateFormat; Z reads "+0000")
//   cat            the event type
//   sev            siem_severity(): 7 failed login, 5 failed request, 3 otherwise
//   usrName        USER_NAME
//   src            SOURCE_IP, else CLIENT_IP, when it is an IP address
//   eventId        the event id (stable across re-sends: dedupe on it)
//   orgId          sfc.org_id
//   logFileId      sfc.log_file_id
//   row            sfc.row
//   <COLUMN>       every other column under its own name, in file order
//
// The LEEF guide publishes no escape rule, so nothing is escaped; instead:
//   - in values, the delimiter '^', TAB, CR and LF each become a space (a value can never end an
//     attribute early or split the line);
//   - in keys, any character other than A-Z a-z 0-9 '_' '-' '.' becomes '_' (so no key holds '=',
//     the delimiter or white space); a key already written is not written again;
//   - in header fields, '|', TAB, CR and LF become a space.

#include "format/pair_writer.hpp"
#include "format/siem_fields.hpp"
#include "format/text.hpp"
#include "format/timestamp.hpp"

namespace sfc::format {
namespace {

constexpr char delimiter = '^';

void append_header_field(std::string& out, std::string_view value) {
    for (const char c : value) {
        out.push_back(c == '|' || c == '\t' || c == '\r' || c == '\n' ? ' ' : c);
    }
    out.push_back('|');
}

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

// Appends `name` with one '_' per character (not per byte) that is not allowed in a key.
void append_clean_key(std::string& out, std::string_view name) {
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t len = utf8_sequence_length(name, i);
        out.push_back(len == 1 && key_char(name[i]) ? name[i] : '_');
        i += len == 0 ? 1 : len;
    }
}

bool breaks_attribute(char c) {
    return c == delimiter || c == '\t' || c == '\r' || c == '\n';
}

// Appends `value` with the delimiter, TAB, CR and LF as spaces.
void append_attribute_value(std::string& out, std::string_view value) {
    std::size_t i = 0;
    while (i < value.size()) {
        std::size_t run = i;
        while (run < value.size() && !breaks_attribute(value[run])) ++run;
        out.append(value.data() + i, run - i);  // plain runs in one piece
        if (run == value.size()) return;
        out.push_back(' ');
        i = run + 1;
    }
}

// The attributes being written: each key once, empty values left out.
class attributes {
public:
    explicit attributes(std::string header) : pairs_(delimiter, std::move(header)) {}

    void add(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        pairs_.begin();
        pairs_.text() += key;
        if (pairs_.end_key()) append_attribute_value(pairs_.text(), value);
    }
    /// A column: its name with the characters a key cannot hold replaced.
    void add_column(std::string_view name, std::string_view value) {
        if (value.empty()) return;
        pairs_.begin();
        append_clean_key(pairs_.text(), name);
        if (pairs_.end_key()) append_attribute_value(pairs_.text(), value);
    }
    std::string& text() { return pairs_.text(); }

private:
    pair_writer pairs_;
};

std::string dev_time(std::int64_t epoch_ms) {
    std::string t = rfc3339_ms(epoch_ms);
    if (t.empty()) return t;
    t.pop_back();  // the 'Z': SimpleDateFormat's Z wants an RFC 822 zone
    return t + "+0000";
}

std::string build_attributes(const event_fields& f, std::string header) {
    attributes attrs(std::move(header));
    if (f.epoch_ms) {
        const std::string t = dev_time(*f.epoch_ms);
        if (!t.empty()) {
            attrs.add("devTime", t);
            attrs.add("devTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        }
    }
    attrs.add("cat", f.event_type);
    attrs.add("sev", std::to_string(siem_severity(f)));
    std::string_view mapped[2];
    if (const auto user = pick_column(f, "USER_NAME")) {
        attrs.add("usrName", user->value);
        mapped[0] = user->name;
    }
    if (const auto ip = pick_column(f, "SOURCE_IP", "CLIENT_IP", true)) {
        attrs.add("src", ip->value);
        mapped[1] = ip->name;
    }
    attrs.add("eventId", f.event_id);
    attrs.add("orgId", f.org_id);
    attrs.add("logFileId", f.log_file_id);
    attrs.add("row", f.row);
    for (const column& c : f.columns) {
        if (c.name != mapped[0] && c.name != mapped[1]) attrs.add_column(c.name, c.value);
    }
    return std::move(attrs.text());
}

}  // namespace

std::string leef(const sfc::event& e) {
    return leef(read_fields(e));
}

std::string leef(const event_fields& f) {
    std::string out = "LEEF:2.0|";
    append_header_field(out, siem_vendor);
    append_header_field(out, f.source.empty() ? siem_unknown : f.source);
    append_header_field(out, siem_version);
    append_header_field(out, f.event_type.empty() ? siem_unknown : f.event_type);
    out.push_back(delimiter);
    out.push_back('|');
    return build_attributes(f, std::move(out));
}

}  // namespace sfc::format
