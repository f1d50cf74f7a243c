#include "sources/elf_cursor.hpp"

#include <simdjson.h>

#include "util/json_escape.hpp"

namespace sfc::sources {

std::string elf_cursor::to_json() const {
    std::string out = "{\"version\":1,\"created_date\":";
    util::append_json_string(out, created_date);
    out += ",\"id\":";
    util::append_json_string(out, id);
    out += ",\"partial_id\":";
    util::append_json_string(out, partial_id);
    out += ",\"partial_rows\":" + std::to_string(partial_rows) + "}";
    return out;
}

std::optional<elf_cursor> elf_cursor::from_json(std::string_view text) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(text.data(), text.size()).get(doc)) return std::nullopt;
    elf_cursor c;
    std::string_view s;
    std::uint64_t n = 0;
    if (doc["version"].get(n) || n != 1) return std::nullopt;
    if (doc["created_date"].get(s)) return std::nullopt;
    c.created_date = s;
    if (doc["id"].get(s)) return std::nullopt;
    c.id = s;
    if (doc["partial_id"].get(s)) return std::nullopt;
    c.partial_id = s;
    if (doc["partial_rows"].get(n)) return std::nullopt;
    c.partial_rows = n;
    return c;
}

}  // namespace sfc::sources
