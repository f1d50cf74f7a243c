#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "format/event_json.hpp"
#include "format/syslog.hpp"
#include "format/text.hpp"
#include "util/json_escape.hpp"

namespace sfc::format {
namespace {

using namespace std::chrono;
using columns = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view bom = "\xEF\xBB\xBF";

const system_clock::time_point fixed_now =
    sys_days(year(2024) / February / 29) + hours(23) + minutes(59) + seconds(59) +
    microseconds(999'999);  // sub-millisecond part is cut, not rounded

std::string sfc_object(std::string_view org = "00D5j00000DgAYGEA3",
                       std::string_view timestamp = "2023-12-18T05:48:31.655Z") {
    std::string out = R"({"event_id":"5b0c7e","org_id":)";
    util::append_json_string(out, org);
    out += R"(,"source":"EventLogFile","event_type":"Login","log_file_id":"0AT5j000001",)"
           R"("interval":"Hourly","sequence":1,"row":17)";
    if (!timestamp.empty()) {
        out += R"(,"timestamp":)";
        util::append_json_string(out, timestamp);
    }
    return out + "}";
}

sfc::event make_event(const columns& cols, const std::string& sfc) {
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

sfc::event login_event() {
    return make_event({{"EVENT_TYPE", "Login"}, {"USER_NAME", "jane@example.com"}}, sfc_object());
}

syslog_header test_header() {
    syslog_header h;
    h.hostname = "collector-1";
    h.procid = "4242";
    return h;
}

// --- an RFC 5424 grammar check (section 6), independent of the code under test -------------

struct sd_param {
    std::string name;
    std::string value;  // unescaped
};
struct sd_element {
    std::string id;
    std::vector<sd_param> params;
};
struct parsed_message {
    int prival = -1;
    std::string timestamp, hostname, app_name, procid, msgid;
    std::vector<sd_element> sd;  // empty for NILVALUE
    std::optional<std::string> msg;
};

bool printusascii(std::string_view s) {
    for (const char c : s) {
        if (c < 33 || c > 126) return false;
    }
    return !s.empty();
}

// Takes the next SP-terminated header field; fails on an empty, too long or non-ASCII one.
bool next_field(std::string_view& in, std::size_t max, std::string& out) {
    const std::size_t sp = in.find(' ');
    if (sp == std::string_view::npos) return false;
    out = std::string(in.substr(0, sp));
    in.remove_prefix(sp + 1);
    return out.size() <= max && printusascii(out);
}

bool sd_name(std::string_view& in, std::string& out) {
    std::size_t n = 0;
    while (n < in.size() && in[n] >= 33 && in[n] <= 126 && in[n] != '=' && in[n] != ']' &&
           in[n] != '"')
        ++n;
    out = std::string(in.substr(0, n));
    in.remove_prefix(n);
    return n >= 1 && n <= 32;
}

bool param_value(std::string_view& in, std::string& out) {
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\\' && i + 1 < in.size()) {
            out.push_back(in[++i]);
        } else if (c == '"') {
            in.remove_prefix(i + 1);
            return is_valid_utf8(out);
        } else if (c == ']') {
            return false;  // must have been escaped
        } else {
            out.push_back(c);
        }
    }
    return false;
}

bool structured_data(std::string_view& in, std::vector<sd_element>& sd) {
    if (!in.empty() && in[0] == '-') {
        in.remove_prefix(1);
        return true;
    }
    while (!in.empty() && in[0] == '[') {
        in.remove_prefix(1);
        sd_element element;
        if (!sd_name(in, element.id)) return false;
        while (!in.empty() && in[0] == ' ') {
            in.remove_prefix(1);
            sd_param p;
            if (!sd_name(in, p.name) || in.substr(0, 2) != "=\"") return false;
            in.remove_prefix(2);
            if (!param_value(in, p.value)) return false;
            element.params.push_back(std::move(p));
        }
        if (in.empty() || in[0] != ']') return false;
        in.remove_prefix(1);
        sd.push_back(std::move(element));
    }
    return !sd.empty();
}

std::optional<parsed_message> parse_rfc5424(std::string_view in) {
    static const std::regex pri_version(R"(<(0|[1-9][0-9]{0,2})>1 )");
    static const std::regex timestamp(
        R"(-|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2}))");
    parsed_message m;
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_search(
            in.begin(), in.end(), match, pri_version, std::regex_constants::match_continuous))
        return std::nullopt;
    m.prival = std::stoi(match[1].str());
    in.remove_prefix(static_cast<std::size_t>(match.length(0)));
    if (m.prival > 191 || !next_field(in, 64, m.timestamp) ||
        !std::regex_match(m.timestamp, timestamp) || !next_field(in, 255, m.hostname) ||
        !next_field(in, 48, m.app_name) || !next_field(in, 128, m.procid) ||
        !next_field(in, 32, m.msgid) || !structured_data(in, m.sd))
        return std::nullopt;
    if (in.empty()) return m;
    if (in[0] != ' ') return std::nullopt;
    m.msg = std::string(in.substr(1));
    return m;
}

std::string param(const parsed_message& m, std::string_view name) {
    for (const auto& element : m.sd) {
        for (const auto& p : element.params) {
            if (p.name == name) return p.value;
        }
    }
    return "<absent>";
}

// --- tests ----------------------------------------------------------------------------------

TEST(rfc5424, whole_message_for_a_fixed_event) {
    const sfc::event e = login_event();
    EXPECT_EQ(rfc5424(e, test_header(), fixed_now),
              "<110>1 2023-12-18T05:48:31.655Z collector-1 sfcollector 4242 Login "
              "[sfc@32473 event_id=\"5b0c7e\" org_id=\"00D5j00000DgAYGEA3\" event_type=\"Login\" "
              "log_file_id=\"0AT5j000001\" row=\"17\"] " +
                  std::string(bom) + e.json);
}

TEST(rfc5424, prival_is_facility_times_eight_plus_severity_clamped) {
    EXPECT_EQ(syslog_prival(13, 6), 110);
    EXPECT_EQ(syslog_prival(0, 0), 0);
    EXPECT_EQ(syslog_prival(23, 7), 191);
    EXPECT_EQ(syslog_prival(4, 2), 34);  // the RFC's own example, <34>
    EXPECT_EQ(syslog_prival(99, 42), 191);
    EXPECT_EQ(syslog_prival(-5, -1), 0);
    syslog_header h = test_header();
    h.facility = 4;
    h.severity = 2;
    EXPECT_EQ(rfc5424(login_event(), h, fixed_now).rfind("<34>1 ", 0), 0u);
}

TEST(rfc5424, timestamp_falls_back_to_now_in_utc_milliseconds) {
    const sfc::event e = make_event({{"A", "b"}}, sfc_object("00D", ""));
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->timestamp, "2024-02-29T23:59:59.999Z");
}

TEST(rfc5424, an_unreadable_event_timestamp_falls_back_to_now) {
    const sfc::event e = make_event({}, sfc_object("00D", "18/12/2023 05:48"));
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->timestamp, "2024-02-29T23:59:59.999Z");
}

TEST(rfc5424, an_event_timestamp_with_an_offset_is_written_in_utc) {
    const sfc::event e = make_event({}, sfc_object("00D", "2023-12-18T07:48:31.6559+02:00"));
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->timestamp, "2023-12-18T05:48:31.655Z");
}

TEST(rfc5424, empty_header_fields_are_nilvalue) {
    syslog_header h;
    h.app_name.clear();
    const sfc::event broken = format::event_from_json("", "not json");
    EXPECT_EQ(rfc5424(broken, h, fixed_now),
              "<110>1 2024-02-29T23:59:59.999Z - - - - - " + std::string(bom) + "not json");
}

TEST(rfc5424, msgid_is_the_event_type_unless_set) {
    syslog_header h = test_header();
    EXPECT_EQ(parse_rfc5424(rfc5424(login_event(), h, fixed_now))->msgid, "Login");
    h.msgid = "SFDC";
    EXPECT_EQ(parse_rfc5424(rfc5424(login_event(), h, fixed_now))->msgid, "SFDC");
}

TEST(rfc5424, hostname_with_spaces_and_non_ascii_is_sanitised) {
    syslog_header h = test_header();
    h.hostname = "my host\xC3\xBC.example\t";  // "my hostü.example" + TAB
    const auto m = parse_rfc5424(rfc5424(login_event(), h, fixed_now));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->hostname, "my_host_.example_");  // one '_' per character, not per byte
}

TEST(rfc5424, header_fields_are_cut_to_the_rfc_limits) {
    syslog_header h;
    h.hostname = std::string(300, 'h');
    h.procid = std::string(200, 'p');
    h.msgid = std::string(40, 'm');
    std::string app;
    for (int k = 0; k < 60; ++k) app += "\xC3\xA9";  // 60 x 'é', 120 octets
    h.app_name = app;
    const auto m = parse_rfc5424(rfc5424(login_event(), h, fixed_now));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->hostname, std::string(255, 'h'));
    EXPECT_EQ(m->procid, std::string(128, 'p'));
    EXPECT_EQ(m->msgid, std::string(32, 'm'));
    EXPECT_EQ(m->app_name, std::string(48, '_'));  // 48 characters, none split
}

TEST(rfc5424, param_values_escape_quote_backslash_and_bracket) {
    const std::string hostile = "a\"b\\c]d [x=\"y\"] \xC3\xA9";
    const sfc::event e = make_event({}, sfc_object(hostile));
    const std::string text = rfc5424(e, test_header(), fixed_now);
    EXPECT_NE(text.find(R"(org_id="a\"b\\c\]d [x=\"y\"\] )"
                        "\xC3\xA9\""),
              std::string::npos)
        << text;
    const auto m = parse_rfc5424(text);
    ASSERT_TRUE(m) << text;
    EXPECT_EQ(param(*m, "org_id"), hostile);
    EXPECT_EQ(param(*m, "event_id"), "5b0c7e");
    EXPECT_EQ(m->sd.size(), 1u);
    EXPECT_EQ(m->sd[0].id, "sfc@32473");
}

TEST(rfc5424, only_the_params_the_event_has) {
    const sfc::event e =
        format::event_from_json("id1", R"({"USER_NAME":"x","sfc":{"org_id":"00D"}})");
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m);
    ASSERT_EQ(m->sd.size(), 1u);
    ASSERT_EQ(m->sd[0].params.size(), 2u);
    EXPECT_EQ(param(*m, "event_id"), "id1");
    EXPECT_EQ(param(*m, "org_id"), "00D");
    EXPECT_EQ(m->msgid, "-");
}

TEST(rfc5424, msg_is_bom_and_the_json_which_parses_back) {
    const sfc::event e = login_event();
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m && m->msg);
    ASSERT_EQ(m->msg->substr(0, 3), bom);
    simdjson::dom::parser parser;
    std::string_view user;
    ASSERT_EQ(parser.parse(m->msg->substr(3))["USER_NAME"].get_string().get(user),
              simdjson::SUCCESS);
    EXPECT_EQ(user, "jane@example.com");
}

TEST(rfc5424, malformed_json_still_gives_a_valid_message_with_the_id) {
    const sfc::event e =
        format::event_from_json("abc123", R"({"USER_NAME":"x", "sfc":{"event_type":"Lo)");
    const std::string text = rfc5424(e, test_header(), fixed_now);
    const auto m = parse_rfc5424(text);
    ASSERT_TRUE(m) << text;
    EXPECT_EQ(param(*m, "event_id"), "abc123");
    EXPECT_EQ(m->msgid, "-");
    EXPECT_EQ(m->timestamp, "2024-02-29T23:59:59.999Z");
    EXPECT_EQ(*m->msg, std::string(bom) + e.json);
}

TEST(rfc5424, invalid_utf8_in_msg_becomes_replacement_characters) {
    const sfc::event e = format::event_from_json("id", "{\"A\":\"\xFF\xC3\"}");
    const auto m = parse_rfc5424(rfc5424(e, test_header(), fixed_now));
    ASSERT_TRUE(m && m->msg);
    EXPECT_EQ(*m->msg, std::string(bom) + "{\"A\":\"\xEF\xBF\xBD\xEF\xBF\xBD\"}");
    EXPECT_TRUE(is_valid_utf8(*m->msg));
}

TEST(rfc5424, grammar_holds_for_assorted_events) {
    const std::vector<sfc::event> events = {
        login_event(),
        make_event({{"URI", "/a b]\"\\"}, {"EVENT_TYPE", "URI"}}, sfc_object("]]]")),
        format::event_from_json("", "{}"),
        format::event_from_json("x", "[1,2]"),
        format::event_from_json("\xFF\"]", ""),
    };
    syslog_header h = test_header();
    h.hostname = "\xE2\x82\xAC host";
    for (const auto& e : events) {
        const std::string text = rfc5424(e, h, fixed_now);
        EXPECT_TRUE(parse_rfc5424(text)) << text;
    }
}

TEST(rfc5424, grammar_check_itself_rejects_broken_messages) {
    const std::string ok = "<34>1 2003-10-11T22:14:15.003Z host su - ID47 [a@1 b=\"c\"] msg";
    ASSERT_TRUE(parse_rfc5424(ok));
    for (const char* bad : {
             "<192>1 - - - - - -",                                 // PRIVAL above 191
             "<34>2 - - - - - -",                                  // version
             "<34>1 2003-10-11 22:14:15Z h a p m -",               // timestamp
             "<34>1 - h\xC3\xA9 a p m -",                          // non-ASCII hostname
             "<34>1 - h a p m [a@1 b=\"c]\"]",                     // unescaped ']'
             "<34>1 - h a p m [a@1 b=\"c\"",                       // unterminated element
             "<34>1 - h a p mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm -",  // MSGID of 33
         }) {
        EXPECT_FALSE(parse_rfc5424(bad)) << bad;
    }
}

TEST(rfc5424_wrap, header_without_sd_and_msg_without_bom) {
    const std::string cef_line = "CEF:0|Salesforce|EventLogFile|1|Login|Login|3|suser=x";
    const std::string text = rfc5424_wrap(cef_line, login_event(), test_header(), fixed_now);
    EXPECT_EQ(text,
              "<110>1 2023-12-18T05:48:31.655Z collector-1 sfcollector 4242 Login - " + cef_line);
    EXPECT_EQ(text.find(bom), std::string::npos);
    const auto m = parse_rfc5424(text);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->sd.empty());
    EXPECT_EQ(m->msg, cef_line);
}

TEST(rfc5424_wrap, empty_msg_ends_after_the_sd) {
    const std::string text =
        rfc5424_wrap("", format::event_from_json("", "bad"), syslog_header{}, fixed_now);
    EXPECT_EQ(text, "<110>1 2024-02-29T23:59:59.999Z - sfcollector - - -");
    EXPECT_TRUE(parse_rfc5424(text));
}

TEST(rfc5424, every_cut_or_corruption_of_an_event_still_parses) {
    const sfc::event whole =
        make_event({{"URI", "/a\"b]\\c \xC3\xA9\n"}, {"EVENT_TYPE", "URI"}}, sfc_object("00D]\""));
    for (std::size_t n = 0; n <= whole.json.size(); ++n) {
        for (const char bad : {'\0', '"', ']', '\xFF', '\xC3', '}'}) {
            sfc::event e = format::event_from_json(whole.id, whole.json.substr(0, n));
            if (n < whole.json.size()) e.json += bad;
            const std::string text = rfc5424(e, test_header(), fixed_now);
            ASSERT_TRUE(parse_rfc5424(text)) << text;
        }
    }
}

}  // namespace
}  // namespace sfc::format
