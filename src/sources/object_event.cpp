#include "sources/object_event.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "http/text.hpp"
#include "salesforce/soql.hpp"
#include "util/iso8601.hpp"
#include "util/json_escape.hpp"
#include "util/json_members.hpp"
#include "util/stable_id.hpp"

namespace sfc::sources {

namespace od = simdjson::ondemand;

namespace {

using http::detail::iequals;  // ASCII, as SOQL names are

void append_field(std::string& out, std::string_view key, std::string_view value) {
    out.push_back(',');
    util::append_json_string(out, key);
    out.push_back(':');
    util::append_json_string(out, value);
}

std::string_view trimmed(std::string_view token) {
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) {
        token.remove_suffix(1);
    }
    return token;
}

simdjson::error_code copy_value(od::value v, std::string& out, std::string* scalar);

// An object without its "attributes" member, which is Salesforce's metadata, not the record's.
simdjson::error_code copy_object(od::object obj, std::string& out) {
    out.push_back('{');
    bool first = true;
    for (auto field : obj) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        if (key == "attributes") continue;  // ondemand skips the unread value
        if (!first) out.push_back(',');
        first = false;
        util::append_json_string(out, key);
        out.push_back(':');
        if (auto e = copy_value(field.value(), out, nullptr)) return e;
    }
    out.push_back('}');
    return simdjson::SUCCESS;
}

// Arrays hold sub-query records, whose attributes go too.
simdjson::error_code copy_array(od::array arr, std::string& out) {
    out.push_back('[');
    bool first = true;
    for (auto element : arr) {
        od::value v;
        if (auto e = element.get(v)) return e;
        if (!first) out.push_back(',');
        first = false;
        if (auto e = copy_value(v, out, nullptr)) return e;
    }
    out.push_back(']');
    return simdjson::SUCCESS;
}

simdjson::error_code copy_scalar(od::value v,
                                 od::json_type type,
                                 std::string& out,
                                 std::string* scalar) {
    std::string_view text;
    if (type == od::json_type::string) {
        if (auto e = v.get_string().get(text)) return e;
        util::append_json_string(out, text);
    } else if (type == od::json_type::number) {
        text = trimmed(v.raw_json_token());  // numbers keep their exact rendering
        double ignored = 0;
        if (auto e = v.get_double().get(ignored)) return e;
        out += text;
    } else if (type == od::json_type::boolean) {
        bool b = false;
        if (auto e = v.get_bool().get(b)) return e;
        text = b ? "true" : "false";
        out += text;
    } else {
        bool null = false;
        if (auto e = v.is_null().get(null)) return e;
        if (!null) return simdjson::INCORRECT_TYPE;
        out += "null";
    }
    if (scalar && type != od::json_type::null) scalar->assign(text);
    return simdjson::SUCCESS;
}

simdjson::error_code copy_value(od::value v, std::string& out, std::string* scalar) {
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    if (type == od::json_type::object) {
        od::object obj;
        if (auto e = v.get_object().get(obj)) return e;
        return copy_object(obj, out);
    }
    if (type == od::json_type::array) {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return e;
        return copy_array(arr, out);
    }
    return copy_scalar(v, type, out, scalar);
}

}  // namespace

struct object_event_builder::parser_state {
    od::parser parser;
    std::string buffer;  // the record plus simdjson's padding
};

object_event_builder::object_event_builder(names n)
    : names_(std::move(n)), parser_(std::make_unique<parser_state>()) {
    append_field(sfc_fixed_, "org_id", names_.org_id);
    append_field(sfc_fixed_, "source", names_.source);
    append_field(sfc_fixed_, "object", names_.object);
    origin_ =
        std::make_shared<const event_origin>(event_origin{names_.source, {}, names_.org_id, {}});
}

object_event_builder::~object_event_builder() = default;
object_event_builder::object_event_builder(object_event_builder&&) noexcept = default;
object_event_builder& object_event_builder::operator=(object_event_builder&&) noexcept = default;

object_record object_event_builder::build(std::string_view record_json) {
    std::string& buffer = parser_->buffer;
    buffer.reserve(record_json.size() + simdjson::SIMDJSON_PADDING);
    buffer.assign(record_json);
    object_record rec;
    std::string& json = rec.event.json;
    json.reserve(record_json.size() + sfc_fixed_.size() + 120);
    std::string raw_cursor;
    simdjson::error_code error = simdjson::SUCCESS;
    od::document doc;
    od::object top;
    error = parser_->parser.iterate(buffer.data(), buffer.size(), buffer.capacity()).get(doc);
    if (!error) error = doc.get_object().get(top);
    if (!error) {
        json.push_back('{');
        for (auto field : top) {
            std::string_view key;
            if ((error = field.unescaped_key().get(key))) break;
            if (key == "attributes") continue;
            if (json.size() > 1) json.push_back(',');
            json_member m = util::append_member_key(json, key);
            const std::size_t value_at = json.size();
            std::string* scalar = iequals(key, names_.cursor_field) ? &raw_cursor
                                  : iequals(key, names_.id_field)   ? &rec.id
                                                                    : nullptr;
            if ((error = copy_value(field.value(), json, scalar))) break;
            util::mark_member_json(json, m, value_at);
            rec.event.members.push_back(m);
        }
    }
    if (error) {
        throw std::runtime_error(names_.object + ": a record is not readable JSON (" +
                                 simdjson::error_message(error) + ")");
    }
    if (auto literal = salesforce::soql_datetime_from_sf(raw_cursor)) rec.cursor = *literal;
    if (auto instant = util::parse_iso8601(rec.cursor)) rec.event.epoch_ms = instant->epoch_ms();
    rec.event.origin = origin_;
    rec.event.id =
        rec.id.empty()
            ? util::stable_event_id({names_.org_id, names_.object, "content", record_json})
            : util::stable_event_id({names_.org_id, names_.object, rec.id});
    if (json.size() > 1) json.push_back(',');
    json += R"("sfc":{"event_id":")";
    json += rec.event.id;
    json.push_back('"');
    json += sfc_fixed_;
    if (!rec.cursor.empty()) append_field(json, "timestamp", rec.cursor);
    json += "}}";
    return rec;
}

}  // namespace sfc::sources
