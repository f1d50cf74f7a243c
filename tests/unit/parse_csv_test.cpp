#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parse/csv_parser.hpp"

namespace sfc::parse {
namespace {

using records = std::vector<std::vector<std::string>>;

records to_records(const csv_rows& rows) {
    records out;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        auto& rec = out.emplace_back();
        for (std::size_t c = 0; c < rows.field_count(r); ++c) rec.emplace_back(rows.field(r, c));
    }
    return out;
}

// Feeds `input` in pieces of `chunk` bytes, draining `rows` after every feed as a consumer would.
records parse_in_chunks(std::string_view input, std::size_t chunk) {
    csv_parser parser;
    csv_rows rows;
    records out;
    auto drain = [&] {
        auto part = to_records(rows);
        out.insert(out.end(), part.begin(), part.end());
        rows.clear();
    };
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        parser.feed(input.substr(at, chunk), rows);
        drain();
    }
    parser.finish(rows);
    drain();
    EXPECT_EQ(parser.records(), out.size());
    return out;
}

records parse_whole(std::string_view input) {
    return parse_in_chunks(input, input.size() + 1);
}

const std::string login_header =
    R"("EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME","CPU_TIME",)"
    R"("URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME","LOGIN_TYPE",)"
    R"("BROWSER_TYPE","API_TYPE","API_VERSION","USER_NAME","TLS_PROTOCOL","CIPHER_SUITE",)"
    R"("AUTHENTICATION_METHOD_REFERENCE","LOGIN_SUB_TYPE","TIMESTAMP_DERIVED","USER_ID_DERIVED",)"
    R"("CLIENT_IP","URI_ID_DERIVED","LOGIN_STATUS","SOURCE_IP")";
const std::string login_row =
    R"("Login","20231218054831.655","4u6LyuMrDvb_G-l1cJIQk-","00D5j00000DgAYG","0055j00000AT6I1",)"
    R"("1219","127","/services/oauth2/token","","bY5Wfv8t/Ith7WVE","Standard","","1051271151",)"
    R"("i","Go-http-client/1.1","","9998.0","salesforceinstance@devtest.in","TLSv1.2",)"
    R"("ECDHE-RSA-AES256-GCM-SHA384","","","2023-12-18T05:48:31.655Z","0055j00000AT6I1AAL",)"
    R"("Salesforce.com IP","","LOGIN_NO_ERROR","103.108.207.58")";

struct corpus_case {
    const char* name;
    std::string input;
    records expected;
    bool check_expected = true;  // false: only chunking is checked here
};

std::vector<corpus_case> corpus() {
    return {
        {"all_quoted", "\"A\",\"B\"\n\"1\",\"2\"\n", {{"A", "B"}, {"1", "2"}}},
        {"doubled_quotes",
         "\"M\"\n\"\"\"example message\"\"\"\n\"a\"\"b\"\n",
         {{"M"}, {"\"example message\""}, {"a\"b"}}},
        {"embedded_newlines",
         "\"A\",\"B\"\n\"line1\nline2\",\"x\r\ny\"\n",
         {{"A", "B"}, {"line1\nline2", "x\r\ny"}}},
        {"commas_in_cells", "\"A\"\n\"a,b,,c\"\n", {{"A"}, {"a,b,,c"}}},
        {"empty_cells",
         "\"A\",\"B\",\"C\"\n\"\",\"\",\"\"\n,,\n",
         {{"A", "B", "C"}, {"", "", ""}, {"", "", ""}}},
        {"unquoted", "A,B\n1,two words\n", {{"A", "B"}, {"1", "two words"}}},
        {"mixed", "\"A\",B,\"C\"\nx,\"y\",z\n", {{"A", "B", "C"}, {"x", "y", "z"}}},
        {"crlf", "\"A\",\"B\"\r\n\"1\",\"2\"\r\n", {{"A", "B"}, {"1", "2"}}},
        {"lone_cr", "A,B\r1,2\r", {{"A", "B"}, {"1", "2"}}},
        {"no_trailing_newline", "\"A\",\"B\"\n\"1\",\"2\"", {{"A", "B"}, {"1", "2"}}},
        {"no_trailing_newline_unquoted", "A\nlast", {{"A"}, {"last"}}},
        {"trailing_empty_cell", "A,B\n1,", {{"A", "B"}, {"1", ""}}},
        {"header_only", "\"A\",\"B\"\n", {{"A", "B"}}},
        {"header_only_no_newline", "\"A\",\"B\"", {{"A", "B"}}},
        {"empty_input", "", {}},
        {"empty_lines_skipped", "\n\r\nA\n\n\n1\n\r\n", {{"A"}, {"1"}}},
        {"bom", "\xEF\xBB\xBF\"A\"\n\"1\"\n", {{"A"}, {"1"}}},
        {"bom_only", "\xEF\xBB\xBF", {}},
        {"partial_bom_is_data", "\xEF\xBB", {{"\xEF\xBB"}}},
        {"bom_later_is_data", "A\n\xEF\xBB\xBF\n", {{"A"}, {"\xEF\xBB\xBF"}}},
        {"utf8",
         "\"NAME\"\n\"Zoë Müller 日本 🙂\"\n",
         {{"NAME"}, {"Zoë Müller 日本 🙂"}}},
        {"stray_quote_unquoted", "a\"b,c\n", {{"a\"b", "c"}}},
        {"text_after_closing_quote", "\"ab\"cd,e\n", {{"abcd", "e"}}},
        {"quoted_then_quote_at_end", "\"x\"\"\"", {{"x\""}}},
        {"empty_quoted_line", "\"\"\n", {{""}}},
        {"login", login_header + "\n" + login_row + "\n", {}, false},
    };
}

TEST(csv_parser, corpus_gives_same_records_at_every_chunk_size) {
    for (const auto& c : corpus()) {
        SCOPED_TRACE(c.name);
        const records whole = parse_whole(c.input);
        if (c.check_expected) {
            EXPECT_EQ(whole, c.expected);
        }
        for (std::size_t chunk = 1; chunk <= c.input.size(); ++chunk) {
            ASSERT_EQ(parse_in_chunks(c.input, chunk), whole) << "chunk size " << chunk;
        }
    }
}

TEST(csv_parser, real_login_row) {
    const records r = parse_whole(login_header + "\n" + login_row + "\n");
    ASSERT_EQ(r.size(), 2u);
    ASSERT_EQ(r[0].size(), 28u);
    ASSERT_EQ(r[1].size(), 28u);
    EXPECT_EQ(r[0][1], "TIMESTAMP");
    EXPECT_EQ(r[1][1], "20231218054831.655");
    EXPECT_EQ(r[1][8], "");
    EXPECT_EQ(r[1][24], "Salesforce.com IP");
    EXPECT_EQ(r[1][27], "103.108.207.58");
}

TEST(csv_parser, counts_anomalies) {
    csv_parser parser;
    csv_rows rows;
    parser.feed("\"ab\"cd,\"ok\",\"x\"y\n", rows);
    EXPECT_EQ(parser.anomalies(), 2u);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.field(0, 2), "xy");
}

TEST(csv_parser, keeps_rows_not_cleared_by_the_caller) {
    csv_parser parser;
    csv_rows rows;
    parser.feed("a,b\nc,", rows);
    parser.feed("d\ne", rows);
    parser.finish(rows);
    EXPECT_EQ(to_records(rows), (records{{"a", "b"}, {"c", "d"}, {"e"}}));
    EXPECT_EQ(rows.bytes(), 5u);
    EXPECT_EQ(rows.record_bytes(1), 2u);
}

// A generated file with every feature, split at random points, parses like one chunk.
TEST(csv_parser, random_splits_of_a_large_file_match_one_chunk) {
    std::mt19937 rng(20240601);
    const std::vector<std::string> cells = {
        "plain", "", "a,b", "say \"\"hi\"\"", "x\ny", "x\r\ny", "\"\"quoted\"\"", "Zoë", "1234"};
    std::string input = "\xEF\xBB\xBF" + login_header + "\r\n";
    for (int r = 0; r < 3000; ++r) {
        for (int c = 0; c < 28; ++c) {
            if (c) input += ',';
            input += '"' + cells[rng() % cells.size()] + '"';
        }
        input += r % 7 == 0 ? "\r\n" : "\n";
    }
    const records whole = parse_whole(input);
    ASSERT_EQ(whole.size(), 3001u);
    for (const auto& rec : whole) ASSERT_EQ(rec.size(), 28u);
    bool saw_unescaped = false;
    for (const auto& rec : whole) {
        for (const auto& cell : rec) saw_unescaped = saw_unescaped || cell == "say \"hi\"";
    }
    EXPECT_TRUE(saw_unescaped);

    for (int trial = 0; trial < 20; ++trial) {
        csv_parser parser;
        csv_rows rows;
        records got;
        std::size_t at = 0;
        while (at < input.size()) {
            const std::size_t n = 1 + rng() % 4096;
            parser.feed(std::string_view(input).substr(at, n), rows);
            at += n;
            for (auto& rec : to_records(rows)) got.push_back(std::move(rec));
            rows.clear();
        }
        parser.finish(rows);
        for (auto& rec : to_records(rows)) got.push_back(std::move(rec));
        ASSERT_EQ(got, whole) << "trial " << trial;
    }
}

TEST(csv_parser, end_inside_quotes_is_an_error) {
    csv_parser parser;
    csv_rows rows;
    parser.feed("\"A\"\n\"unterminated,\n", rows);
    ASSERT_EQ(rows.size(), 1u);
    try {
        parser.finish(rows);
        FAIL() << "expected csv_error";
    } catch (const csv_error& e) {
        EXPECT_NE(std::string(e.what()).find("record 2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("quoted"), std::string::npos) << e.what();
    }
    EXPECT_EQ(rows.size(), 1u);  // the header parsed before the error stays
    EXPECT_EQ(rows.field(0, 0), "A");
}

TEST(csv_parser, oversize_record_is_an_error) {
    csv_parser parser(16);
    csv_rows rows;
    parser.feed("short\n", rows);
    EXPECT_THROW(
        {
            for (int i = 0; i < 10; ++i) parser.feed("\"0123456789", rows);
        },
        csv_error);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.field(0, 0), "short");
    EXPECT_EQ(rows.bytes(), 5u);
}

TEST(csv_parser, record_at_the_limit_is_accepted) {
    csv_parser parser(9);  // raw bytes, quotes and line end included
    csv_rows rows;
    parser.feed("\"abcd\",x\n", rows);
    EXPECT_EQ(rows.size(), 1u);
    EXPECT_THROW(parser.feed("\"abcde\",x\n", rows), csv_error);
    EXPECT_EQ(rows.size(), 1u);
}

// A record spanning thousands of chunks costs each byte once: the old parser copied the whole
// partial record in and out for every chunk (about a TiB of copying here, minutes of CPU; the
// ctest TIMEOUT of this test binary catches that).
TEST(csv_parser, a_long_quoted_cell_in_small_chunks_parses_in_linear_time) {
    constexpr std::size_t cell_bytes = 32u << 20;
    std::string input = "\"A\",\"B\"\n\"";
    input.append(cell_bytes, 'x');
    input += "\",\"y\"\n\"z\",\"w\"\n";
    csv_parser parser;
    csv_rows rows;
    std::size_t records = 0;
    for (std::size_t at = 0; at < input.size(); at += 1024) {
        parser.feed(std::string_view(input).substr(at, 1024), rows);
        for (std::size_t r = 0; r < rows.size(); ++r, ++records) {
            if (records != 1) continue;
            ASSERT_EQ(rows.field_count(r), 2u);
            EXPECT_EQ(rows.field(r, 0).size(), cell_bytes);
            EXPECT_EQ(rows.field(r, 0).find_first_not_of('x'), std::string_view::npos);
            EXPECT_EQ(rows.field(r, 1), "y");
            EXPECT_EQ(rows.record_bytes(r), cell_bytes + 1);
        }
        rows.clear();
    }
    parser.finish(rows);
    EXPECT_EQ(records + rows.size(), 3u);
    EXPECT_EQ(parser.records(), 3u);
}

// The caller's rows are not cleared: a long record lands after the ones already there.
TEST(csv_parser, a_long_record_after_uncleared_rows_keeps_them) {
    csv_parser parser;
    csv_rows rows;
    const std::string cell(100000, 'q');
    parser.feed("a,b\nc,\"", rows);
    for (std::size_t at = 0; at < cell.size(); at += 4096) {
        parser.feed(std::string_view(cell).substr(at, 4096), rows);
    }
    parser.feed("\"\nd,e\nf,\"g", rows);
    parser.feed("h\"\n", rows);
    parser.finish(rows);
    EXPECT_EQ(to_records(rows), (records{{"a", "b"}, {"c", cell}, {"d", "e"}, {"f", "gh"}}));
    EXPECT_EQ(rows.record_bytes(1), 1 + cell.size());
}

// A record over the limit fails in the chunk that crosses it, not at the end of the input.
TEST(csv_parser, a_record_over_the_limit_fails_in_the_chunk_that_crosses_it) {
    constexpr std::size_t limit = 10000;
    csv_parser parser(limit);
    csv_rows rows;
    parser.feed("\"A\"\n", rows);
    std::string input = "\"";
    input.append(1u << 20, 'x');
    std::size_t fed = 0;
    try {
        for (; fed < input.size(); fed += 1024) {
            parser.feed(std::string_view(input).substr(fed, 1024), rows);
        }
        FAIL() << "a 1 MiB record passed a " << limit << "-byte limit";
    } catch (const csv_error& e) {
        EXPECT_NE(std::string(e.what()).find("10000-byte limit"), std::string::npos) << e.what();
    }
    EXPECT_EQ(fed, limit / 1024 * 1024) << "the chunk that crossed the limit threw";
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows.bytes(), 1u);
}

}  // namespace
}  // namespace sfc::parse
