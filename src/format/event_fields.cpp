#include "format/event_fields.hpp"

#include "util/json_escape.hpp"

namespace sfc::format {
namespace {

bool is_flat(json_member::kind k) {
    return k != json_member::kind::null && k != json_member::kind::nested;
}

std::size_t escaped_count(const sfc::event& e) {
    std::size_t n = 0;
    for (const json_member& m : e.members) {
        if (!is_flat(m.type)) continue;
        n += m.key_escaped ? 1 : 0;
        n += m.value_escaped ? 1 : 0;
    }
    return n;
}

}  // namespace

const std::string_view* event_fields::find(std::string_view name) const {
    for (const column& c : columns) {
        if (c.name == name) return &c.value;
    }
    return nullptr;
}

event_fields read_fields(const sfc::event& e) {
    event_fields f;
    f.event_id = e.id;
    if (!e.origin) return f;
    f.parsed = true;
    f.source = e.origin->source;
    f.event_type = e.origin->event_type;
    f.org_id = e.origin->org_id;
    f.log_file_id = e.origin->log_file_id;
    if (e.row != 0) f.row = std::to_string(e.row);
    f.epoch_ms = e.epoch_ms;
    // Reserved up front: the columns view the decoded strings, which must not move.
    f.decoded_.reserve(escaped_count(e));
    f.columns.reserve(e.members.size());
    const std::string_view json = e.json;
    const auto text = [&](std::uint32_t at, std::uint32_t size, bool escaped) {
        const std::string_view raw = json.substr(at, size);
        if (!escaped) return raw;
        std::string& out = f.decoded_.emplace_back();
        util::append_json_unescaped(out, raw);
        return std::string_view(out);
    };
    for (const json_member& m : e.members) {
        if (!is_flat(m.type)) continue;
        f.columns.push_back({text(m.key_at, m.key_size, m.key_escaped),
                             text(m.value_at, m.value_size, m.value_escaped)});
    }
    if (f.event_type.empty()) {
        if (const std::string_view* type = f.find("EVENT_TYPE")) f.event_type = *type;
    }
    return f;
}

}  // namespace sfc::format
