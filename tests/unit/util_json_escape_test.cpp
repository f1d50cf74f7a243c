#include <gtest/gtest.h>

#include <simdjson.h>

#include <string>

#include "util/json_escape.hpp"

namespace sfc::util {
namespace {

std::string json_literal(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

// Parses a JSON string literal back with simdjson; fails the test if it is not valid JSON.
std::string parse_back(const std::string& literal) {
    simdjson::dom::parser parser;
    std::string_view value;
    const auto error = parser.parse(simdjson::padded_string(literal)).get_string().get(value);
    EXPECT_EQ(error, simdjson::SUCCESS) << literal;
    return std::string(value);
}

TEST(append_json_string, plain_text_is_quoted_as_is) {
    EXPECT_EQ(json_literal(""), R"("")");
    EXPECT_EQ(json_literal("/services/oauth2/token"), R"("/services/oauth2/token")");
    EXPECT_EQ(json_literal("a\x7f"), "\"a\x7f\"");  // DEL needs no escape in JSON
}

TEST(append_json_string, quote_and_backslash) {
    EXPECT_EQ(json_literal(R"(say "hi" \o/)"), R"("say \"hi\" \\o/")");
}

TEST(append_json_string, every_control_character_is_escaped) {
    EXPECT_EQ(json_literal("\n\r\t\b\f"), R"("\n\r\t\b\f")");
    EXPECT_EQ(json_literal(std::string_view("\0", 1)), R"("\u0000")");
    EXPECT_EQ(json_literal("\x1f\x0b\x01"), R"("\u001f\u000b\u0001")");
    for (int c = 0; c < 0x20; ++c) {
        const std::string raw(1, static_cast<char>(c));
        const std::string literal = json_literal(raw);
        for (char ch : literal) EXPECT_GE(static_cast<unsigned char>(ch), 0x20) << c;
        EXPECT_EQ(parse_back(literal), raw) << c;
    }
}

TEST(append_json_string, valid_utf8_passes_through) {
    const std::string text = "Zoë Müller 日本 🙂 \xF4\x8F\xBF\xBF";  // incl. U+10FFFF
    EXPECT_EQ(json_literal(text), "\"" + text + "\"");
    EXPECT_EQ(parse_back(json_literal(text)), text);
}

TEST(append_json_string, invalid_utf8_becomes_replacement_characters) {
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(json_literal("a\xFFz"), "\"a" + fffd + "z\"");         // never a lead byte
    EXPECT_EQ(json_literal("\x80"), "\"" + fffd + "\"");             // lone continuation
    EXPECT_EQ(json_literal("\xC3"), "\"" + fffd + "\"");             // truncated at the end
    EXPECT_EQ(json_literal("\xC3z"), "\"" + fffd + "z\"");           // truncated mid-string
    EXPECT_EQ(json_literal("\xC0\xAF"), "\"" + fffd + fffd + "\"");  // overlong '/'
    EXPECT_EQ(json_literal("\xE0\x80\xAF"), "\"" + fffd + fffd + fffd + "\"");  // overlong
    EXPECT_EQ(json_literal("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // surrogate
    EXPECT_EQ(json_literal("\xF4\x90\x80\x80"),
              "\"" + fffd + fffd + fffd + fffd + "\"");  // >10FFFF
    for (const char* bad : {"a\xFFz", "\xC3", "\xED\xA0\x80", "\xF0\x9F\x99", "x\xF8\x88\x80"}) {
        EXPECT_FALSE(parse_back(json_literal(bad)).empty()) << bad;
    }
}

// Plain text is scanned 8 bytes at a time: a byte that needs care is found at every offset.
TEST(append_json_string, finds_a_special_byte_anywhere_in_a_long_cell) {
    for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', ' '}) {
        for (std::size_t at = 0; at < 24; ++at) {
            std::string raw(24, 'a');
            raw[at] = special;
            EXPECT_EQ(parse_back(json_literal(raw)), raw) << int(special) << " at " << at;
        }
    }
    std::string bad(24, 'b');
    bad[13] = '\xFF';
    EXPECT_EQ(json_literal(bad), "\"" + bad.substr(0, 13) + "\xEF\xBF\xBD" + bad.substr(14) + "\"");
}

TEST(append_json_string, appends_to_existing_output) {
    std::string out = "{\"k\":";
    append_json_string(out, "v\n");
    EXPECT_EQ(out, R"({"k":"v\n")");
}

std::string unescaped(std::string_view text) {
    std::string out = "kept:";
    append_json_unescaped(out, text);
    return out.substr(5);
}

TEST(append_json_unescaped, undoes_what_append_json_string_writes) {
    std::string raw = "q\"b\\s/ \xC3\xA9 \xF0\x9F\x98\x80";
    for (int c = 1; c < 0x20; ++c) raw.push_back(static_cast<char>(c));
    const std::string literal = json_literal(raw);
    EXPECT_EQ(unescaped(std::string_view(literal).substr(1, literal.size() - 2)), raw);
}

TEST(append_json_unescaped, decodes_every_escape_json_allows) {
    EXPECT_EQ(unescaped(R"(a\/b\u00e9\u00C9\ud83d\ude00)"), "a/b\xC3\xA9\xC3\x89\xF0\x9F\x98\x80");
    EXPECT_EQ(unescaped(R"(\b\f\n\r\t\"\\)"), "\b\f\n\r\t\"\\");
    EXPECT_EQ(unescaped("plain"), "plain");
}

TEST(append_json_unescaped, a_broken_unicode_escape_becomes_the_replacement_character) {
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(unescaped(R"(\ud83d.)"), fffd + ".");  // a lone high surrogate
    EXPECT_EQ(unescaped(R"(\udc00)"), fffd);
    EXPECT_EQ(unescaped(R"(\u12G4)"), fffd);
}

}  // namespace
}  // namespace sfc::util
