#include <gtest/gtest.h>

#include <simdjson.h>

#include <string>
#include <vector>

#include "parse/csv_parser.hpp"
#include "parse/elf_event.hpp"

namespace sfc::parse {
namespace {

log_file_info sample_info() {
    return {.org_id = "00D5j00000DgAYGEA0",
            .log_file_id = "0ATD000000001bROAQ",
            .event_type = "Login",
            .interval = "Hourly",
            .sequence = 2,
            .log_date = "2023-12-18T05:00:00.000+0000",
            .created_date = "2023-12-18T09:12:44.000+0000"};
}

// Parses `csv` whole; returns the header cells and the data rows.
struct parsed_file {
    std::vector<std::string> header;
    csv_rows rows;  // record 0 is the header
};

parsed_file parse_csv(std::string_view csv) {
    parsed_file f;
    csv_parser parser;
    parser.feed(csv, f.rows);
    parser.finish(f.rows);
    for (std::size_t c = 0; c < f.rows.field_count(0); ++c) {
        f.header.emplace_back(f.rows.field(0, c));
    }
    return f;
}

sfc::event build_row(std::string_view csv,
                     std::size_t data_row = 1,
                     log_file_info info = sample_info()) {
    parsed_file f = parse_csv(csv);
    elf_event_builder builder(std::move(info), f.header);
    return builder.build(f.rows, data_row, data_row);
}

// The event as a simdjson document; fails the test when the JSON is invalid.
class json_doc {
public:
    explicit json_doc(const std::string& json) {
        const auto error = parser_.parse(simdjson::padded_string(json)).get(root_);
        valid_ = error == simdjson::SUCCESS;
        EXPECT_TRUE(valid_) << simdjson::error_message(error) << ": " << json;
    }
    std::string str(std::string_view key) const {
        std::string_view v;
        if (!valid_ || root_[key].get_string().get(v) != simdjson::SUCCESS) return "<missing>";
        return std::string(v);
    }
    bool has(std::string_view key) const {
        return valid_ && root_[key].error() == simdjson::SUCCESS;
    }
    simdjson::dom::object sfc() const { return root_["sfc"].get_object().value(); }
    std::size_t key_count() const { return valid_ ? root_.get_object().value().size() : 0; }

private:
    simdjson::dom::parser parser_;
    simdjson::dom::element root_;
    bool valid_ = false;
};

const std::string login_csv =
    R"("EVENT_TYPE","TIMESTAMP","USER_ID","URI","CLIENT_IP","LOGIN_STATUS")"
    "\n"
    R"("Login","20231218054831.655","0055j00000AT6I1","/services/oauth2/token",)"
    R"("Salesforce.com IP","LOGIN_NO_ERROR")"
    "\n"
    R"("Login","20231218054901.001","0055j00000AT6I2","/x","10.0.0.1",)"
    R"("LOGIN_ERROR_INVALID_PASSWORD")"
    "\n";

// The first row of login_csv with its columns in another order.
const std::string reordered =
    R"("LOGIN_STATUS","CLIENT_IP","URI","USER_ID","TIMESTAMP","EVENT_TYPE")"
    "\n"
    R"("LOGIN_NO_ERROR","Salesforce.com IP","/services/oauth2/token","0055j00000AT6I1",)"
    R"("20231218054831.655","Login")"
    "\n";

TEST(elf_event_builder, renders_columns_and_metadata) {
    const sfc::event ev = build_row(login_csv);
    const json_doc doc(ev.json);
    EXPECT_EQ(doc.str("EVENT_TYPE"), "Login");
    EXPECT_EQ(doc.str("TIMESTAMP"), "20231218054831.655");
    EXPECT_EQ(doc.str("CLIENT_IP"), "Salesforce.com IP");
    EXPECT_EQ(doc.str("LOGIN_STATUS"), "LOGIN_NO_ERROR");
    EXPECT_EQ(doc.key_count(), 7u);  // six columns and "sfc"

    const auto sfc = doc.sfc();
    EXPECT_EQ(std::string_view(sfc["event_id"]), ev.id);
    EXPECT_EQ(std::string_view(sfc["org_id"]), "00D5j00000DgAYGEA0");
    EXPECT_EQ(std::string_view(sfc["source"]), "EventLogFile");
    EXPECT_EQ(std::string_view(sfc["event_type"]), "Login");
    EXPECT_EQ(std::string_view(sfc["log_file_id"]), "0ATD000000001bROAQ");
    EXPECT_EQ(std::string_view(sfc["interval"]), "Hourly");
    EXPECT_EQ(std::int64_t(sfc["sequence"]), 2);
    EXPECT_EQ(std::string_view(sfc["log_date"]), "2023-12-18T05:00:00.000+0000");
    EXPECT_EQ(std::string_view(sfc["created_date"]), "2023-12-18T09:12:44.000+0000");
    EXPECT_EQ(std::uint64_t(sfc["row"]), 1u);
    EXPECT_EQ(std::string_view(sfc["timestamp"]), "2023-12-18T05:48:31.655Z");
    EXPECT_EQ(ev.json.find('\n'), std::string::npos);
}

TEST(elf_event_builder, types_the_metadata_the_formats_read) {
    const sfc::event ev = build_row(login_csv, 2, sample_info());
    ASSERT_NE(ev.origin, nullptr);
    EXPECT_EQ(ev.origin->source, "EventLogFile");
    EXPECT_EQ(ev.origin->event_type, "Login");
    EXPECT_EQ(ev.origin->org_id, "00D5j00000DgAYGEA0");
    EXPECT_EQ(ev.origin->log_file_id, "0ATD000000001bROAQ");
    EXPECT_EQ(ev.row, 2u);
    EXPECT_EQ(ev.epoch_ms, 1702878541001);  // 2023-12-18T05:49:01.001Z
    EXPECT_FALSE(build_row("\"A\"\n\"x\"\n").epoch_ms);
}

// The member index points at each column's key and value text in the JSON.
TEST(elf_event_builder, indexes_every_column_in_the_json) {
    const sfc::event ev = build_row(login_csv);
    const std::string_view json = ev.json;
    ASSERT_EQ(ev.members.size(), 6u);
    const json_doc doc(ev.json);
    for (const json_member& m : ev.members) {
        const std::string_view key = json.substr(m.key_at, m.key_size);
        EXPECT_EQ(json[m.key_at - 1], '"');
        EXPECT_EQ(json.substr(m.value_at, m.value_size), doc.str(key)) << key;
        EXPECT_EQ(m.type, json_member::kind::string);
        EXPECT_FALSE(m.key_escaped || m.value_escaped);
    }
    EXPECT_EQ(json.substr(ev.members[3].key_at, ev.members[3].key_size), "URI");
}

TEST(elf_event_builder, flags_escaped_keys_and_values_and_indexes_extra_cells) {
    const sfc::event ev = build_row("\"A\"\"B\",\"C\"\n\"x\ny\",\"plain\",\"more\"\n");
    ASSERT_EQ(ev.members.size(), 3u);
    EXPECT_TRUE(ev.members[0].key_escaped);
    EXPECT_TRUE(ev.members[0].value_escaped);
    EXPECT_FALSE(ev.members[1].key_escaped || ev.members[1].value_escaped);
    const std::string_view json = ev.json;
    EXPECT_EQ(json.substr(ev.members[0].value_at, ev.members[0].value_size), "x\\ny");
    EXPECT_EQ(json.substr(ev.members[2].key_at, ev.members[2].key_size), "_extra_1");
    EXPECT_EQ(json.substr(ev.members[2].value_at, ev.members[2].value_size), "more");
}

// The id of data row `data_row` of `csv`, built with `info`.
std::string id_of(std::string_view csv,
                  std::size_t data_row = 1,
                  log_file_info info = sample_info()) {
    return build_row(csv, data_row, std::move(info)).id;
}

TEST(elf_event_builder, ids_are_stable_and_distinct_per_row) {
    parsed_file f = parse_csv(login_csv);
    elf_event_builder builder(sample_info(), f.header);
    const sfc::event first = builder.build(f.rows, 1, 1);
    const sfc::event again = builder.build(f.rows, 1, 1);
    const sfc::event second = builder.build(f.rows, 2, 2);
    EXPECT_EQ(first.id, again.id);
    EXPECT_EQ(first.json, again.json);
    EXPECT_NE(first.id, second.id);
    EXPECT_EQ(first.id.size(), 32u);
    EXPECT_EQ(first.id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(elf_event_builder, the_id_encoding_is_pinned) {
    // Ids must not change between releases, or a SIEM sees every re-sent event as new.
    // python3: e=lambda s: bytes([len(s)])+s; hashlib.sha256(e(b'00D5j00000DgAYGEA0')
    //   +e(b'Login')+e(b'A')+e(b'1')+e(b'B')+e(b'2')).hexdigest()[:32]
    EXPECT_EQ(id_of("\"B\",\"A\"\n\"2\",\"1\"\n"), "df1535e50b4aa6d64bb51ddda2adb274");
}

TEST(elf_event_builder, the_same_row_in_another_file_keeps_its_id) {
    // A regenerated daily file, or a late hourly file repeating rows of an earlier sequence:
    // another Id, CreatedDate, Sequence, interval and row number, the same content.
    log_file_info regenerated = sample_info();
    regenerated.log_file_id = "0ATD000000001bSOAQ";
    regenerated.created_date = "2023-12-19T03:00:00.000+0000";
    regenerated.sequence = 3;
    regenerated.interval = "Daily";
    EXPECT_EQ(id_of(login_csv, 1, regenerated), id_of(login_csv, 1));

    parsed_file f = parse_csv(login_csv);
    elf_event_builder builder(regenerated, f.header);
    const json_doc doc(builder.build(f.rows, 2, 17).json);
    EXPECT_EQ(std::string_view(doc.sfc()["log_file_id"]), "0ATD000000001bSOAQ");
    EXPECT_EQ(std::uint64_t(doc.sfc()["row"]), 17u) << "the metadata still says where it was";
}

TEST(elf_event_builder, the_id_depends_on_org_event_type_and_every_cell) {
    const std::string base = id_of(login_csv);
    log_file_info other_org = sample_info();
    other_org.org_id = "00D5j00000DgAYHEA0";
    EXPECT_NE(id_of(login_csv, 1, other_org), base);
    log_file_info other_type = sample_info();
    other_type.event_type = "LoginAs";
    EXPECT_NE(id_of(login_csv, 1, other_type), base);

    // One changed cell, a value moved to another column, shifted cell boundaries.
    EXPECT_NE(id_of("\"A\",\"B\"\n\"1\",\"2\"\n"), id_of("\"A\",\"B\"\n\"1\",\"3\"\n"));
    EXPECT_NE(id_of("\"A\",\"B\"\n\"1\",\"\"\n"), id_of("\"A\",\"B\"\n\"\",\"1\"\n"));
    EXPECT_NE(id_of("\"A\",\"B\"\n\"ab\",\"c\"\n"), id_of("\"A\",\"B\"\n\"a\",\"bc\"\n"));
    EXPECT_NE(id_of("\"A\",\"B\"\n\"1\",\"2\"\n"), id_of("\"A\",\"C\"\n\"1\",\"2\"\n"));
    // Cells beyond the header count too.
    EXPECT_NE(id_of("A\n1\n"), id_of("A\n1,2\n"));
    EXPECT_NE(id_of("A\n1,2\n"), id_of("A\n1,3\n"));
}

TEST(elf_event_builder, the_id_ignores_column_order_and_empty_columns) {
    EXPECT_EQ(id_of(reordered), id_of(login_csv));
    // A new column that is empty for this row (schema drift) is no new content.
    EXPECT_EQ(id_of("\"A\",\"NEW\",\"B\"\n\"1\",\"\",\"2\"\n"),
              id_of("\"A\",\"B\"\n\"1\",\"2\"\n"));
    EXPECT_EQ(id_of("\"A\",\"B\"\n\"1\"\n"), id_of("\"A\",\"B\"\n\"1\",\"\"\n"));
}

TEST(elf_event_builder, identical_rows_of_one_file_share_an_id) {
    const std::string csv = "\"A\",\"B\"\n\"1\",\"2\"\n\"1\",\"2\"\n";
    EXPECT_EQ(id_of(csv, 1), id_of(csv, 2));
}

TEST(elf_event_builder, reordered_header_gives_the_same_fields) {
    const json_doc a(build_row(login_csv).json);
    const json_doc b(build_row(reordered).json);
    for (const char* key :
         {"EVENT_TYPE", "TIMESTAMP", "USER_ID", "URI", "CLIENT_IP", "LOGIN_STATUS"}) {
        EXPECT_EQ(a.str(key), b.str(key)) << key;
    }
    EXPECT_EQ(std::string_view(b.sfc()["timestamp"]), "2023-12-18T05:48:31.655Z");
}

TEST(elf_event_builder, new_column_passes_through) {
    const json_doc doc(build_row("\"EVENT_TYPE\",\"COUNTRY_CODE\"\n\"Login\",\"DE\"\n").json);
    EXPECT_EQ(doc.str("COUNTRY_CODE"), "DE");
    EXPECT_FALSE(doc.sfc()["timestamp"].error() == simdjson::SUCCESS);  // no TIMESTAMP column

    // Schema drift in a real header: an unknown column between known ones, cells untouched.
    const std::string drifted = R"("EVENT_TYPE","TIMESTAMP","RISK_SCORE","USER_ID")"
                                "\n"
                                R"("Login","20231218054831.655","0.93 ""high""","0055j00000AT6I1")"
                                "\n";
    const json_doc d(build_row(drifted).json);
    EXPECT_EQ(d.str("RISK_SCORE"), "0.93 \"high\"");
    EXPECT_EQ(d.str("USER_ID"), "0055j00000AT6I1");
    EXPECT_EQ(std::string_view(d.sfc()["timestamp"]), "2023-12-18T05:48:31.655Z");
    EXPECT_EQ(d.key_count(), 5u);
}

TEST(elf_event_builder, short_and_long_rows) {
    const std::string csv = "A,B,C\n1\n1,2,3,4,5\n";
    const json_doc short_row(build_row(csv, 1).json);
    EXPECT_EQ(short_row.str("A"), "1");
    EXPECT_FALSE(short_row.has("B"));
    EXPECT_FALSE(short_row.has("C"));

    const json_doc long_row(build_row(csv, 2).json);
    EXPECT_EQ(long_row.str("C"), "3");
    EXPECT_EQ(long_row.str("_extra_1"), "4");
    EXPECT_EQ(long_row.str("_extra_2"), "5");
}

std::string csv_quoted_text(std::string_view s) {
    std::string out;
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out;
}

TEST(elf_event_builder, escapes_cells_and_header_names) {
    std::string weird = "q\"b\\s/";
    for (int c = 1; c < 0x20; ++c) {
        if (c != '\r' && c != '\n') weird.push_back(static_cast<char>(c));
    }
    const std::string csv = "\"NA\"\"ME\",\"V\"\n\"" + std::string("x\r\ny\n\"\"z\"") + ",\"" +
                            "bad\xFF utf8 \xC3\"\n\"" + csv_quoted_text(weird) + "\"\n";
    parsed_file f = parse_csv(csv);
    elf_event_builder builder(sample_info(), f.header);
    const json_doc doc(builder.build(f.rows, 1, 1).json);
    EXPECT_EQ(doc.str("NA\"ME"), "x\r\ny\n\"z");
    EXPECT_EQ(doc.str("V"), "bad\xEF\xBF\xBD utf8 \xEF\xBF\xBD");
    std::string control_row = builder.build(f.rows, 2, 2).json;
    const json_doc doc2(control_row);
    EXPECT_EQ(doc2.str("NA\"ME"), weird);
}

TEST(elf_event_builder, malformed_timestamp_is_skipped) {
    for (const char* ts : {"",
                           "2023121805483",
                           "20231318054831.655",
                           "2023121805483x.655",
                           "20231218054831.",
                           "20231218054831,655",
                           "20231218254831.655"}) {
        const std::string csv = std::string("\"TIMESTAMP\"\n\"") + ts + "\"\n";
        const json_doc doc(build_row(csv).json);
        EXPECT_FALSE(doc.sfc()["timestamp"].error() == simdjson::SUCCESS) << ts;
        EXPECT_EQ(doc.str("TIMESTAMP"), ts);
    }
}

// Real rows: Salesforce's own HostnameRedirects example drops the milliseconds from TIMESTAMP,
// and a public Logout row has TIMESTAMP 2 ms off TIMESTAMP_DERIVED; the derived one is exact.
TEST(elf_event_builder, timestamp_derived_wins_over_timestamp) {
    const std::string csv = R"("EVENT_TYPE","TIMESTAMP","TIMESTAMP_DERIVED")"
                            "\n"
                            R"("HostnameRedirects","20230301221145","2023-03-01T22:11:45.123Z")"
                            "\n"
                            R"("Logout","20230302101010.118","2023-03-02T10:10:10.120Z")"
                            "\n"
                            R"("Logout","20230302101010.118","2023-03-02T10:10:10.1Z")"
                            "\n";
    parsed_file f = parse_csv(csv);
    elf_event_builder builder(sample_info(), f.header);
    const std::vector<std::string> expected = {
        "2023-03-01T22:11:45.123Z", "2023-03-02T10:10:10.120Z", "2023-03-02T10:10:10.100Z"};
    for (std::size_t row = 1; row <= expected.size(); ++row) {
        const json_doc doc(builder.build(f.rows, row, row).json);
        std::string_view ts;
        ASSERT_EQ(doc.sfc()["timestamp"].get(ts), simdjson::SUCCESS) << row;
        EXPECT_EQ(ts, expected[row - 1]);
        EXPECT_EQ(doc.str("TIMESTAMP_DERIVED").substr(0, 10), expected[row - 1].substr(0, 10));
    }
}

TEST(elf_event_builder, timestamp_is_the_fallback_when_timestamp_derived_is_bad_or_empty) {
    for (const char* derived : {"",
                                "2023-03-01 22:11:45.123Z",
                                "2023-02-30T22:11:45.123Z",
                                "2023-03-01T22:11:45.123",
                                "2023-03-01T22:11:45.123+0100",
                                "2023-03-01T24:11:45.123Z",
                                "2023-03-01T22:11:45.Z",
                                "2023-03-01T22:11:45.1234567890Z"}) {
        const std::string csv = std::string(R"("TIMESTAMP","TIMESTAMP_DERIVED")") + "\n" +
                                R"("20230301221145.077",")" + derived + "\"\n";
        const json_doc doc(build_row(csv).json);
        std::string_view ts;
        ASSERT_EQ(doc.sfc()["timestamp"].get(ts), simdjson::SUCCESS) << derived;
        EXPECT_EQ(ts, "2023-03-01T22:11:45.077Z") << derived;
    }
    // Neither readable: no timestamp at all.
    const json_doc doc(build_row("\"TIMESTAMP_DERIVED\",\"TIMESTAMP\"\n\"x\",\"y\"\n").json);
    EXPECT_FALSE(doc.sfc()["timestamp"].error() == simdjson::SUCCESS);
}

TEST(append_iso_derived, normalises_the_fraction_to_milliseconds) {
    std::string out = "<";
    EXPECT_TRUE(append_iso_derived(out, "2015-07-27T11:32:59.555Z"));
    EXPECT_EQ(out, "<2015-07-27T11:32:59.555Z");
    out.clear();
    EXPECT_TRUE(append_iso_derived(out, "2015-07-27T11:32:59Z"));
    EXPECT_EQ(out, "2015-07-27T11:32:59.000Z");
    out.clear();
    EXPECT_TRUE(append_iso_derived(out, "2024-02-29T00:00:00.123456789Z"));
    EXPECT_EQ(out, "2024-02-29T00:00:00.123Z");
    out = "<";
    EXPECT_FALSE(append_iso_derived(out, "2023-02-29T00:00:00.000Z"));
    EXPECT_FALSE(append_iso_derived(out, "20150727113259.555"));
    EXPECT_FALSE(append_iso_derived(out, "Z"));
    EXPECT_FALSE(append_iso_derived(out, "2015-07-27T11:32:59.555+00:00"));
    EXPECT_FALSE(append_iso_derived(out, "2015-07-27T11:32:59.555z"));
    EXPECT_EQ(out, "<");
}

TEST(append_iso_timestamp, converts_and_pads_the_fraction) {
    std::string out;
    EXPECT_TRUE(append_iso_timestamp(out, "20130715233322.670"));
    EXPECT_EQ(out, "2013-07-15T23:33:22.670Z");
    out.clear();
    EXPECT_TRUE(append_iso_timestamp(out, "20130715233322"));
    EXPECT_EQ(out, "2013-07-15T23:33:22.000Z");
    out.clear();
    EXPECT_TRUE(append_iso_timestamp(out, "20130715233322.5"));
    EXPECT_EQ(out, "2013-07-15T23:33:22.500Z");
    out.clear();
    EXPECT_FALSE(append_iso_timestamp(out, "2013-07-15T23:33:22.670Z"));
    EXPECT_FALSE(append_iso_timestamp(out, "20230230233322.670"));  // February 30
    EXPECT_FALSE(append_iso_timestamp(out, "20130715233322.6701234567"));
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace sfc::parse
