#include "format/event_json.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>

#include "format/timestamp.hpp"
#include "util/json_members.hpp"

namespace sfc::format {
namespace {

std::string_view text_of(simdjson::dom::object obj, std::string_view key) {
    std::string_view value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS) return {};
    return value;
}

// sfc.row as written by the builders (a number), or as decimal text.
std::uint64_t row_of(simdjson::dom::object obj) {
    std::uint64_t row = 0;
    if (obj.at_key("row").get(row) == simdjson::SUCCESS) return row;
    const std::string_view text = text_of(obj, "row");
    std::from_chars(text.data(), text.data() + text.size(), row);
    return row;
}

void read_sfc(simdjson::dom::object sfc, sfc::event& e, event_origin& origin) {
    if (e.id.empty()) e.id = text_of(sfc, "event_id");
    origin.org_id = text_of(sfc, "org_id");
    origin.source = text_of(sfc, "source");
    origin.event_type = text_of(sfc, "event_type");
    origin.log_file_id = text_of(sfc, "log_file_id");
    e.row = row_of(sfc);
    e.epoch_ms = parse_iso8601_ms(text_of(sfc, "timestamp"));
}

bool is_sfc_object(const sfc::event& e, const json_member& m) {
    return std::string_view(e.json).substr(m.key_at, m.key_size) == "sfc" &&
           e.json[m.value_at] == '{';
}

}  // namespace

sfc::event event_from_json(std::string id, std::string json) {
    sfc::event e;
    e.id = std::move(id);
    e.json = std::move(json);
    // simdjson allocates while parsing, so even bad_alloc must not escape: the event without an
    // index is the answer to anything unexpected.
    try {
        simdjson::dom::parser parser;
        simdjson::dom::object root;
        if (parser.parse(e.json.data(), e.json.size()).get_object().get(root) !=
            simdjson::SUCCESS) {
            return e;
        }
        auto origin = std::make_shared<event_origin>();
        simdjson::dom::object sfc;
        if (root.at_key("sfc").get_object().get(sfc) == simdjson::SUCCESS) {
            read_sfc(sfc, e, *origin);
        }
        e.members = util::index_json_members(e.json);
        std::erase_if(e.members, [&](const json_member& m) { return is_sfc_object(e, m); });
        e.origin = std::move(origin);
    } catch (...) {
        e.members.clear();
        e.origin.reset();
    }
    return e;
}

}  // namespace sfc::format
