#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "format/cef.hpp"
#include "format/event_json.hpp"
#include "format/text.hpp"
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
    {"USER_ID", "0055j000008ZsFk"},
    {"USER_ID_DERIVED", "0055j000008ZsFkAAK"},
    {"USER_NAME", "jane@example.com"},
    {"SOURCE_IP", "203.0.113.7"},
    {"URI", "/index.jsp"},
    {"BROWSER_TYPE", "Mozilla/5.0 (X11)"},
    {"LOGIN_STATUS", "LOGIN_NO_ERROR"},
    {"RUN_TIME", ""},
    {"CPU_TIME", "12"},
};

// The extension part: everything after the seventh unescaped '|'.
std::string extension_of(const std::string& line) {
    int bars = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|' && ++bars == 7) {
            return line.substr(i + 1);
        }
    }
    return "<no extension>";
}

TEST(cef, whole_line_for_a_fixed_event) {
    EXPECT_EQ(cef(make_event(login_columns)),
              "CEF:0|Salesforce|EventLogFile|1|Login|Login|3|"
              "rt=1702878511655 externalId=5b0c7e cat=Login "
              "cs1Label=orgId cs1=00D5j00000DgAYGEA3 cs2Label=logFileId cs2=0AT5j000001 "
              "cn1Label=row cn1=17 suser=jane@example.com suid=0055j000008ZsFkAAK "
              "src=203.0.113.7 request=/index.jsp requestClientApplication=Mozilla/5.0 (X11) "
              "outcome=LOGIN_NO_ERROR cs3Label=requestId cs3=4u6LyuMrDvb_G-l1cJIQk- "
              "sfEventType=Login sfTimestamp=20231218054831.655 sfUserId=0055j000008ZsFk "
              "sfCpuTime=12");
}

TEST(cef, failed_login_raises_severity) {
    columns cols = login_columns;
    cols[9].second = "LOGIN_ERROR_INVALID_PASSWORD";
    const std::string line = cef(make_event(cols));
    EXPECT_EQ(line.rfind("CEF:0|Salesforce|EventLogFile|1|Login|Login|7|", 0), 0u) << line;
    EXPECT_NE(line.find(" outcome=LOGIN_ERROR_INVALID_PASSWORD "), std::string::npos);
}

TEST(cef, failed_request_is_severity_five) {
    const std::string line = cef(make_event({{"REQUEST_STATUS", "A"}}));
    EXPECT_NE(line.find("|5|"), std::string::npos) << line;
    EXPECT_NE(line.find(" outcome=A"), std::string::npos) << line;
}

TEST(cef, src_only_for_an_ip_address) {
    const std::string internal =
        cef(make_event({{"SOURCE_IP", "Salesforce.com IP"}, {"CLIENT_IP", "2001:db8::1"}}));
    EXPECT_NE(internal.find(" src=2001:db8::1"), std::string::npos) << internal;
    EXPECT_NE(internal.find(" sfSourceIp=Salesforce.com IP"), std::string::npos) << internal;
    EXPECT_EQ(internal.find("sfClientIp"), std::string::npos) << internal;

    const std::string none = cef(make_event({{"SOURCE_IP", "Salesforce.com IP"}}));
    EXPECT_EQ(none.find(" src="), std::string::npos) << none;
}

TEST(cef, header_escapes_pipe_and_backslash) {
    const std::string sfc = R"({"source":"Event|Log\\File","event_type":"A|B\\C"})";
    EXPECT_EQ(cef(make_event({}, sfc)),
              R"(CEF:0|Salesforce|Event\|Log\\File|1|A\|B\\C|A\|B\\C|3|externalId=5b0c7e )"
              R"(cat=A|B\\C)");
}

TEST(cef, header_newlines_become_spaces) {
    const std::string line = cef(make_event({}, R"({"event_type":"Lo\r\ngin"})"));
    EXPECT_EQ(line.rfind("CEF:0|Salesforce|unknown|1|Lo  gin|Lo  gin|3|", 0), 0u) << line;
}

TEST(cef, extension_escapes_backslash_equals_and_newlines) {
    const std::string line =
        cef(make_event({{"URI", "/a?b=c\\d|e\r\nf \"g\" \xC3\xA9"}}, R"({"event_type":"URI"})"));
    EXPECT_EQ(extension_of(line),
              R"(externalId=5b0c7e cat=URI request=/a?b\=c\\d|e\r\nf "g" )"
              "\xC3\xA9");
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
}

TEST(cef, unmapped_columns_get_alphanumeric_keys) {
    const std::string line = cef(make_event({{"DB_TOTAL_TIME", "1"},
                                             {"EventIdentifier", "2"},
                                             {"weird key=x", "3"},
                                             {"_extra_1", "4"},
                                             {"!!!", "dropped: no alphanumeric word"},
                                             {"\xC3\xA9t\xC3\xA9", "5"},
                                             {"DB TOTAL-TIME", "duplicate key after mapping"}},
                                            R"({"event_type":"X"})"));
    EXPECT_EQ(extension_of(line),
              "externalId=5b0c7e cat=X sfDbTotalTime=1 sfEventIdentifier=2 sfWeirdKeyX=3 "
              "sfExtra1=4 sfT=5");
}

TEST(cef, numbers_and_booleans_are_kept_as_text) {
    const sfc::event e = format::event_from_json(
        "id", R"({"ROWS":42,"RATIO":0.5,"OK":true,"NOTHING":null,"LIST":[1]})");
    EXPECT_EQ(extension_of(cef(e)), "externalId=id sfRows=42 sfRatio=0.5 sfOk=true");
}

TEST(cef, malformed_json_gives_a_header_and_the_id) {
    EXPECT_EQ(cef(format::event_from_json("abc", R"({"USER_NAME":"x",)")),
              "CEF:0|Salesforce|unknown|1|unknown|unknown|3|externalId=abc");
    EXPECT_EQ(cef(format::event_from_json("", "\xFF")),
              "CEF:0|Salesforce|unknown|1|unknown|unknown|3|");
}

TEST(cef, long_header_fields_are_cut_on_a_character_boundary) {
    std::string type;
    for (int k = 0; k < 600; ++k) type += "\xC3\xBC";  // 600 x 'ü'
    std::string sfc = R"({"event_type":")" + type + R"("})";
    const std::string line = cef(make_event({}, sfc));
    const std::string name_field(truncate_chars(type, 512));
    EXPECT_EQ(name_field.size(), 1024u);
    EXPECT_NE(line.find("|" + type + "|" + name_field + "|3|"), std::string::npos);
    EXPECT_TRUE(is_valid_utf8(line));
}

TEST(cef, an_escape_is_never_cut_in_half) {
    const std::string product = std::string(62, 'p') + "|";
    const std::string line = cef(make_event({}, R"({"source":")" + product + R"(x"})"));
    EXPECT_EQ(line.rfind("CEF:0|Salesforce|" + std::string(62, 'p') + "\\||1|", 0), 0u) << line;
}

TEST(cef, every_cut_of_an_event_is_one_line_with_a_whole_header) {
    const sfc::event whole =
        make_event({{"URI", "/a|b=c\\d\r\ne"}, {"USER_NAME", "x\ny"}}, sfc_object);
    for (std::size_t n = 0; n <= whole.json.size(); ++n) {
        const std::string line = cef(format::event_from_json(whole.id, whole.json.substr(0, n)));
        EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << line;
        EXPECT_NE(extension_of(line), "<no extension>") << line;
    }
}

}  // namespace
}  // namespace sfc::format
