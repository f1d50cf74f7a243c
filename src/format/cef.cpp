#include "format/cef.hpp"

// Salesforce to CEF (ArcSight CEF, version 0).
//
// Header
//   Device Vendor        "Salesforce"
//   Device Product       sfc.source ("EventLogFile"), "unknown" when absent
//   Device Version       "1": the version of this mapping
//   Device Event Class   the event type ("Login", "URI", …), "unknown" when absent
//   Name                 the event type
//   Severity             siem_severity(): 7 failed login, 5 failed request, 3 otherwise
//
// Extension (keys with an empty value are left out)
//   rt                         sfc.timestamp as epoch milliseconds
//   externalId                 the event id (stable across re-sends: dedupe on it)
//   cat                        the event type
//   cs1 / cs1Label=orgId       sfc.org_id
//   cs2 / cs2Label=logFileId   sfc.log_file_id
//   cn1 / cn1Label=row         sfc.row
//   suser                      USER_NAME
//   suid                       USER_ID_DERIVED, else USER_ID
//   src                        SOURCE_IP, else CLIENT_IP, when it is an IP address (Salesforce
//                              writes "Salesforce.com IP" for its own calls)
//   request                    URI
//   requestMethod              METHOD
//   requestClientApplication   BROWSER_TYPE, else USER_AGENT
//   outcome                    LOGIN_STATUS, else REQUEST_STATUS
//   cs3 / cs3Label=requestId   REQUEST_ID
//   cs4 / cs4Label=sessionKey  SESSION_KEY
//   cs5 / cs5Label=loginKey    LOGIN_KEY
//   sf<Column>                 every other column, in file order
//
// Why the other columns are kept rather than dropped: event types carry dozens of columns that
// have no CEF key (REPORT_ID, ROWS_PROCESSED, DB_TOTAL_TIME…), and a CEF-only SIEM would lose
// them. CEF keys must be alphanumeric, so a column name becomes "sf" + CamelCase of its
// alphanumeric words (USER_ID → sfUserId, TIMESTAMP_DERIVED → sfTimestampDerived; a word with
// lowercase letters keeps its case). The "sf" prefix keeps them clear of every CEF dictionary
// key; a name that maps onto a key already written is left out rather than sent twice.
//
// Escaping: header '\' → '\\', '|' → '\|' (CR and LF become spaces: the header is one line);
// extension '\' → '\\', '=' → '\=', LF → '\n', CR → '\r'. Header fields are cut to ArcSight's
// limits (vendor and product 63 characters, version 31, class id 1023, name 512) at a character
// boundary, before escaping, so an escape is never cut in half.

#include <algorithm>
#include <array>
#include <vector>

#include "format/pair_writer.hpp"

#include "format/siem_fields.hpp"
#include "format/text.hpp"

namespace sfc::format {
namespace {

void append_header_field(std::string& out, std::string_view value, std::size_t max_chars) {
    for (const char c : truncate_chars(value, max_chars)) {
        if (c == '\\' || c == '|') out.push_back('\\');
        out.push_back(c == '\n' || c == '\r' ? ' ' : c);
    }
    out.push_back('|');
}

// Bytes an extension value escapes: '\\', '=', LF and CR.
constexpr std::array<bool, 256> make_escape_table() {
    std::array<bool, 256> t{};
    for (const unsigned char c : {'\\', '=', '\n', '\r'}) t[c] = true;
    return t;
}
constexpr auto escaped_byte = make_escape_table();

bool needs_escape(char c) {
    return escaped_byte[static_cast<unsigned char>(c)];
}

void append_extension_value(std::string& out, std::string_view value) {
    std::size_t i = 0;
    while (i < value.size()) {
        std::size_t run = i;
        while (run < value.size() && !needs_escape(value[run])) ++run;
        out.append(value.data() + i, run - i);  // plain runs in one piece
        if (run == value.size()) return;
        const char c = value[run];
        out.push_back('\\');
        out.push_back(c == '\n' ? 'n' : c == '\r' ? 'r' : c);
        i = run + 1;
    }
}

// Character classes of column-name bytes, looked up rather than tested range by range: every
// column of every event goes through here.
enum char_class : unsigned char { other, upper, lower, digit };
constexpr std::array<char_class, 256> make_class_table() {
    std::array<char_class, 256> t{};
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = upper;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = lower;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = digit;
    return t;
}
constexpr auto class_of = make_class_table();

char_class classify(char c) {
    return class_of[static_cast<unsigned char>(c)];
}

// Appends "sf" + CamelCase of the alphanumeric words of `name`; nothing when it has none. An
// all-uppercase word (USER) keeps only its first letter upper (User); a word that has lowercase
// letters (EventIdentifier) keeps its case.
void append_column_key(std::string& out, std::string_view name) {
    const std::size_t mark = out.size();
    out += "sf";
    std::size_t i = 0;
    while (i < name.size()) {
        if (classify(name[i]) == other) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        bool has_lower = false;
        for (; i < name.size() && classify(name[i]) != other; ++i) {
            has_lower = has_lower || classify(name[i]) == lower;
        }
        const std::size_t at = out.size();
        out.append(name.substr(start, i - start));  // in one piece, then the case fixed in place
        if (classify(out[at]) == lower) out[at] = static_cast<char>(out[at] - 'a' + 'A');
        if (has_lower) continue;
        for (std::size_t k = at + 1; k < out.size(); ++k) {
            if (classify(out[k]) == upper) out[k] = static_cast<char>(out[k] - 'A' + 'a');
        }
    }
    if (out.size() == mark + 2) out.resize(mark);
}

// The extension being written: each key once, empty values left out.
class extension {
public:
    explicit extension(std::string header) : pairs_(' ', std::move(header)) {}

    void add(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        pairs_.begin();
        pairs_.text() += key;
        if (pairs_.end_key()) append_extension_value(pairs_.text(), value);
    }
    void add_labelled(std::string_view key, std::string_view label, std::string_view value) {
        if (value.empty()) return;
        pairs_.begin();
        pairs_.text().append(key).append("Label");  // in place: no temporary key
        if (pairs_.end_key()) append_extension_value(pairs_.text(), label);
        add(key, value);
    }
    /// A column without a CEF key: its name as "sf" + CamelCase.
    void add_column(std::string_view name, std::string_view value) {
        if (value.empty()) return;
        pairs_.begin();
        append_column_key(pairs_.text(), name);
        if (pairs_.end_key()) append_extension_value(pairs_.text(), value);
    }
    std::string& text() { return pairs_.text(); }

private:
    pair_writer pairs_;
};

struct column_rule {
    std::string_view key;
    std::string_view label;  // for csN keys
    std::string_view first;
    std::string_view second;
    bool ip_only = false;
};

constexpr column_rule column_rules[] = {
    {"suser", "", "USER_NAME", "", false},
    {"suid", "", "USER_ID_DERIVED", "USER_ID", false},
    {"src", "", "SOURCE_IP", "CLIENT_IP", true},
    {"request", "", "URI", "", false},
    {"requestMethod", "", "METHOD", "", false},
    {"requestClientApplication", "", "BROWSER_TYPE", "USER_AGENT", false},
    {"outcome", "", "LOGIN_STATUS", "REQUEST_STATUS", false},
    {"cs3", "requestId", "REQUEST_ID", "", false},
    {"cs4", "sessionKey", "SESSION_KEY", "", false},
    {"cs5", "loginKey", "LOGIN_KEY", "", false},
};

std::string build_extension(const event_fields& f, std::string header) {
    extension ext(std::move(header));
    if (f.epoch_ms) ext.add("rt", std::to_string(*f.epoch_ms));
    ext.add("externalId", f.event_id);
    ext.add("cat", f.event_type);
    ext.add_labelled("cs1", "orgId", f.org_id);
    ext.add_labelled("cs2", "logFileId", f.log_file_id);
    ext.add_labelled("cn1", "row", f.row);
    std::vector<std::string_view> mapped;
    mapped.reserve(std::size(column_rules));
    for (const column_rule& rule : column_rules) {
        const auto picked = pick_column(f, rule.first, rule.second, rule.ip_only);
        if (!picked) continue;
        mapped.push_back(picked->name);
        if (rule.label.empty()) {
            ext.add(rule.key, picked->value);
        } else {
            ext.add_labelled(rule.key, rule.label, picked->value);
        }
    }
    for (const column& c : f.columns) {
        if (std::find(mapped.begin(), mapped.end(), c.name) == mapped.end()) {
            ext.add_column(c.name, c.value);
        }
    }
    return std::move(ext.text());
}

}  // namespace

std::string cef(const sfc::event& e) {
    return cef(read_fields(e));
}

std::string cef(const event_fields& f) {
    const std::string_view product = f.source.empty() ? siem_unknown : f.source;
    const std::string_view type = f.event_type.empty() ? siem_unknown : f.event_type;
    std::string out = "CEF:0|";
    append_header_field(out, siem_vendor, 63);
    append_header_field(out, product, 63);
    append_header_field(out, siem_version, 31);
    append_header_field(out, type, 1023);
    append_header_field(out, type, 512);
    out += std::to_string(siem_severity(f));
    out.push_back('|');
    return build_extension(f, std::move(out));
}

}  // namespace sfc::format
