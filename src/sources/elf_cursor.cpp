#include "sources/elf_cursor.hpp"

#include <simdjson.h>

#include "util/json_escape.hpp"

namespace sfc::sources {

std::string elf_cursor::to_json() const {
    std::string out = ahead.empty() ? "{\"version\":1" : "{\"version\":2";
    out += ",\"created_date\":";
    util::append_json_string(out, created_date);
    out += ",\"id\":";
    util::append_json_string(out, id);
    out += ",\"partial_id\":";
    util::append_json_string(out, partial_id);
    out += ",\"partial_rows\":" + std::to_string(partial_rows);
    if (!ahead.empty()) {
        out += ",\"ahead\":[";
        for (std::size_t k = 0; k < ahead.size(); ++k) {
            out += k == 0 ? "{\"id\":" : ",{\"id\":";
            util::append_json_string(out, ahead[k].id);
            out += ",\"rows\":" + std::to_string(ahead[k].rows);
            out += ahead[k].done ? ",\"done\":true}" : ",\"done\":false}";
        }
        out += "]";
    }
    out += "}";
    return out;
}

namespace {

bool read_ahead(simdjson::dom::element doc, std::vector<elf_cursor_ahead>& out) {
    simdjson::dom::array list;
    if (doc["ahead"].get(list)) return false;
    for (simdjson::dom::element item : list) {
        elf_cursor_ahead a;
        std::string_view id;
        if (item["id"].get(id) || item["rows"].get(a.rows) || item["done"].get(a.done)) {
            return false;
        }
        a.id = id;
        out.push_back(std::move(a));
    }
    return true;
}

}  // namespace

std::optional<elf_cursor> elf_cursor::from_json(std::string_view text) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(text.data(), text.size()).get(doc)) return std::nullopt;
    elf_cursor c;
    std::string_view s;
    std::uint64_t n = 0;
    std::uint64_t version = 0;
    if (doc["version"].get(version) || (version != 1 && version != 2)) return std::nullopt;
    if (doc["created_date"].get(s)) return std::nullopt;
    c.created_date = s;
    if (doc["id"].get(s)) return std::nullopt;
    c.id = s;
    if (doc["partial_id"].get(s)) return std::nullopt;
    c.partial_id = s;
    if (doc["partial_rows"].get(n)) return std::nullopt;
    c.partial_rows = n;
    if (version == 2 && !read_ahead(doc, c.ahead)) return std::nullopt;
    return c;
}

}  // namespace sfc::sources
