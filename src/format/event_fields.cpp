#include "format/event_fields.hpp"

#include <simdjson.h>

#include "format/timestamp.hpp"

namespace sfc::format {
namespace {

// A scalar as text: strings as-is, numbers and booleans as JSON writes them. Nulls and
// containers have no flat text form.
std::optional<std::string> scalar_text(simdjson::dom::element v) {
    switch (v.type()) {
        case simdjson::dom::element_type::STRING:
            return std::string(std::string_view(v));
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64:
        case simdjson::dom::element_type::DOUBLE:
        case simdjson::dom::element_type::BOOL:
            return simdjson::minify(v);
        default:
            return std::nullopt;
    }
}

std::string member_text(simdjson::dom::object obj, std::string_view key) {
    simdjson::dom::element v;
    if (obj.at_key(key).get(v) != simdjson::SUCCESS) return {};
    return scalar_text(v).value_or(std::string());
}

void read_sfc(simdjson::dom::object sfc, event_fields& f) {
    if (f.event_id.empty()) f.event_id = member_text(sfc, "event_id");
    f.event_type = member_text(sfc, "event_type");
    f.org_id = member_text(sfc, "org_id");
    f.source = member_text(sfc, "source");
    f.log_file_id = member_text(sfc, "log_file_id");
    f.row = member_text(sfc, "row");
    f.timestamp = member_text(sfc, "timestamp");
    f.epoch_ms = parse_iso8601_ms(f.timestamp);
}

}  // namespace

const std::string* event_fields::find(std::string_view name) const {
    for (const column& c : columns) {
        if (c.name == name) return &c.value;
    }
    return nullptr;
}

event_fields read_fields(const sfc::event& e) {
    event_fields f;
    f.event_id = e.id;
    // simdjson allocates while parsing, so even bad_alloc must not escape (the contract is
    // "never throws"): the id-only view is the answer to anything unexpected.
    try {
        simdjson::dom::parser parser;
        simdjson::dom::object root;
        if (parser.parse(e.json.data(), e.json.size()).get_object().get(root) !=
            simdjson::SUCCESS) {
            return f;
        }
        event_fields full;
        full.event_id = e.id;
        for (const auto field : root) {
            simdjson::dom::object sfc;
            if (field.key == "sfc" && field.value.get_object().get(sfc) == simdjson::SUCCESS) {
                read_sfc(sfc, full);
            } else if (auto text = scalar_text(field.value)) {
                full.columns.push_back({std::string(field.key), std::move(*text)});
            }
        }
        if (full.event_type.empty()) {
            if (const std::string* type = full.find("EVENT_TYPE")) full.event_type = *type;
        }
        full.parsed = true;
        return full;
    } catch (...) {
        return f;
    }
}

}  // namespace sfc::format
