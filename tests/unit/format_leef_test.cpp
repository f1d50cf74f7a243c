#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "format/event_json.hpp"
#include "format/leef.hpp"
#include "util/json_escape.hpp"

namespace sfc::format {
namespace {

using columns = std::vector<std::pair<std::string, std::string>>;

const std::string sfc_object =
    R"({"event_id":"5b0c7e","org_id":"00D5j00000DgAYGEA3","source":"EventLogFile",)"
    R"("event_type":"Login","log_file_id":"0AT5j000001","interval":"Hourly","sequence":1,)"
    R"("row":17,"timestamp":"2023-12-18T05:48:31.655Z"})";

sfc::event make_event(const columns& cols, const std::string& sfc = sfc_object) {
    sfc::event e{"5b0c7e", "{"};
    for (const auto& [name, value] : cols) {
        util::append_json_string(e.json, name);
        e.json += ':';
        util::append_json_string(e.json, value);
        e.json += ',';
    }
    e.json += R"("sfc":)" + sfc + "}";
    return format::event_from_json(e.id, e.json);
}

const columns login_columns = {
    {"EVENT_TYPE", "Login"},
    {"TIMESTAMP", "20231218054831.655"},
    {"REQUEST_ID", "4u6LyuMrDvb_G-l1cJIQk-"},
    {"USER_ID_DERIVED", "0055j000008ZsFkAAK"},
    {"USER_NAME", "jane@example.com"},
    {"SOURCE_IP", "203.0.113.7"},
    {"BROWSER_TYPE", "Mozilla/5.0 (X11)"},
    {"LOGIN_STATUS", "LOGIN_NO_ERROR"},
    {"RUN_TIME", ""},
};

// Splits the attributes (after the sixth '|') at the delimiter into key=value pairs.
std::vector<std::pair<std::string, std::string>> attributes_of(const std::string& line) {
    std::size_t at = 0;
    for (int bars = 0; bars < 6; ++bars) at = line.find('|', at) + 1;
    std::vector<std::pair<std::string, std::string>> out;
    while (at < line.size()) {
        std::size_t end = line.find('^', at);
        if (end == std::string::npos) end = line.size();
        const std::string attr = line.substr(at, end - at);
        const std::size_t eq = attr.find('=');
        out.emplace_back(attr.substr(0, eq), eq == std::string::npos ? "" : attr.substr(eq + 1));
        at = end + 1;
    }
    return out;
}

std::string value_of(const std::string& line, const std::string& key) {
    for (const auto& [k, v] : attributes_of(line)) {
        if (k == key) return v;
    }
    return "<absent>";
}

TEST(leef, whole_line_for_a_fixed_event) {
    EXPECT_EQ(leef(make_event(login_columns)),
              "LEEF:2.0|Salesforce|EventLogFile|1|Login|^|"
              "devTime=2023-12-18T05:48:31.655+0000^devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ^"
              "cat=Login^sev=3^usrName=jane@example.com^src=203.0.113.7^eventId=5b0c7e^"
              "orgId=00D5j00000DgAYGEA3^logFileId=0AT5j000001^row=17^EVENT_TYPE=Login^"
              "TIMESTAMP=20231218054831.655^REQUEST_ID=4u6LyuMrDvb_G-l1cJIQk-^"
              "USER_ID_DERIVED=0055j000008ZsFkAAK^BROWSER_TYPE=Mozilla/5.0 (X11)^"
              "LOGIN_STATUS=LOGIN_NO_ERROR");
}

TEST(leef, failed_login_raises_sev) {
    columns cols = login_columns;
    cols[7].second = "LOGIN_ERROR_INVALID_PASSWORD";
    EXPECT_EQ(value_of(leef(make_event(cols)), "sev"), "7");
}

TEST(leef, values_lose_the_delimiter_tabs_and_line_breaks) {
    const std::string line = leef(make_event({{"URI", "/a^b\tc\r\nd=e|f \xC3\xA9\\"}}));
    EXPECT_EQ(value_of(line, "URI"), "/a b c  d=e|f \xC3\xA9\\");
    for (const char c : {'\t', '\r', '\n'}) EXPECT_EQ(line.find(c), std::string::npos);
}

TEST(leef, keys_keep_a_safe_character_set) {
    const std::string line = leef(make_event({{"bad key=^x", "1"},
                                              {"\xC3\xA9t\xC3\xA9", "2"},
                                              {"ok.name-1_A", "3"},
                                              {"bad_key__x", "duplicate after cleaning"}},
                                             R"({"event_type":"X"})"));
    const auto attrs = attributes_of(line);
    const std::vector<std::pair<std::string, std::string>> expected = {{"cat", "X"},
                                                                       {"sev", "3"},
                                                                       {"eventId", "5b0c7e"},
                                                                       {"bad_key__x", "1"},
                                                                       {"_t_", "2"},
                                                                       {"ok.name-1_A", "3"}};
    EXPECT_EQ(attrs, expected) << line;
}

TEST(leef, header_fields_never_hold_a_pipe) {
    const std::string line =
        leef(make_event({}, R"({"source":"Event|Log","event_type":"Lo|gin\n"})"));
    EXPECT_EQ(line.rfind("LEEF:2.0|Salesforce|Event Log|1|Lo gin |^|", 0), 0u) << line;
}

TEST(leef, src_only_for_an_ip_address) {
    const std::string line = leef(make_event({{"SOURCE_IP", "Salesforce.com IP"}}));
    EXPECT_EQ(value_of(line, "src"), "<absent>");
    EXPECT_EQ(value_of(line, "SOURCE_IP"), "Salesforce.com IP");
}

TEST(leef, no_time_no_devtime) {
    const std::string line = leef(make_event({}, R"({"event_type":"X","timestamp":"soon"})"));
    EXPECT_EQ(value_of(line, "devTime"), "<absent>");
    EXPECT_EQ(value_of(line, "devTimeFormat"), "<absent>");
}

TEST(leef, malformed_json_gives_a_header_and_the_id) {
    EXPECT_EQ(leef(format::event_from_json("abc", "{\"A\":")),
              "LEEF:2.0|Salesforce|unknown|1|unknown|^|sev=3^eventId=abc");
}

TEST(leef, every_cut_of_an_event_is_one_line_of_key_value_pairs) {
    const sfc::event whole = make_event({{"URI", "/a^b|c\td\r\ne"}, {"US^ER", "x\ny"}}, sfc_object);
    for (std::size_t n = 0; n <= whole.json.size(); ++n) {
        const std::string line = leef(format::event_from_json(whole.id, whole.json.substr(0, n)));
        EXPECT_EQ(line.find_first_of("\t\r\n"), std::string::npos) << line;
        for (const auto& [key, value] : attributes_of(line)) {
            EXPECT_FALSE(key.empty()) << line;
            EXPECT_FALSE(value.empty()) << line;
        }
    }
}

}  // namespace
}  // namespace sfc::format
