#include "sources/object_cursor.hpp"

#include <simdjson.h>

#include "util/json_escape.hpp"

namespace sfc::sources {
namespace {

namespace dom = simdjson::dom;

void append_key(std::string& out, std::string_view key) {
    util::append_json_string(out, key);
    out.push_back(':');
}

// ,"key":"value" (no comma right after an opening brace).
void append_member(std::string& out, std::string_view key, std::string_view value) {
    if (out.back() != '{') out.push_back(',');
    append_key(out, key);
    util::append_json_string(out, value);
}

void append_ids(std::string& out, std::string_view key, const std::set<std::string>& ids) {
    out.push_back(',');
    append_key(out, key);
    out.push_back('[');
    for (const auto& id : ids) {
        if (out.back() != '[') out.push_back(',');
        util::append_json_string(out, id);
    }
    out.push_back(']');
}

bool read_string(dom::element e, const char* key, std::string& out) {
    std::string_view s;
    if (e[key].get_string().get(s)) return false;
    out = s;
    return true;
}

bool read_ids(dom::element e, const char* key, std::set<std::string>& out) {
    dom::array ids;
    if (e[key].get_array().get(ids)) return false;
    for (dom::element id : ids) {
        std::string_view s;
        if (id.get_string().get(s)) return false;
        out.emplace(s);
    }
    return true;
}

// The document when it is a cursor of `kind` written by this version.
std::optional<dom::element> open(dom::parser& parser,
                                 std::string_view text,
                                 std::string_view kind) {
    dom::element doc;
    std::uint64_t version = 0;
    std::string_view found;
    if (parser.parse(text.data(), text.size()).get(doc) || doc["version"].get(version) ||
        version != 1 || doc["kind"].get(found) || found != kind) {
        return std::nullopt;
    }
    return doc;
}

std::optional<window_progress> read_window(dom::element w) {
    window_progress p;
    if (!read_string(w, "top", p.top) || !read_ids(w, "top_ids", p.top_ids) ||
        !read_string(w, "low", p.low) || !read_ids(w, "low_ids", p.low_ids)) {
        return std::nullopt;
    }
    return p;
}

}  // namespace

std::string standard_cursor::to_json() const {
    std::string out = R"({"version":1,"kind":"standard")";
    append_member(out, "cursor", cursor);
    append_member(out, "id", id);
    return out + "}";
}

std::optional<standard_cursor> standard_cursor::from_json(std::string_view text) {
    dom::parser parser;
    const auto doc = open(parser, text, "standard");
    standard_cursor c;
    if (!doc || !read_string(*doc, "cursor", c.cursor) || !read_string(*doc, "id", c.id)) {
        return std::nullopt;
    }
    return c;
}

std::string big_object_cursor::to_json() const {
    std::string out = R"({"version":1,"kind":"big_object")";
    append_member(out, "date", date);
    append_ids(out, "ids", ids);
    if (window) {
        out += R"(,"window":{)";
        append_member(out, "top", window->top);
        append_ids(out, "top_ids", window->top_ids);
        append_member(out, "low", window->low);
        append_ids(out, "low_ids", window->low_ids);
        out.push_back('}');
    }
    return out + "}";
}

std::optional<big_object_cursor> big_object_cursor::from_json(std::string_view text) {
    dom::parser parser;
    const auto doc = open(parser, text, "big_object");
    big_object_cursor c;
    if (!doc || !read_string(*doc, "date", c.date) || !read_ids(*doc, "ids", c.ids)) {
        return std::nullopt;
    }
    dom::element w;
    if (!(*doc)["window"].get(w)) {
        c.window = read_window(w);
        if (!c.window) return std::nullopt;
    }
    return c;
}

}  // namespace sfc::sources
