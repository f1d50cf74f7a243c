#include "util/json_members.hpp"

#include "util/json_escape.hpp"

namespace sfc::util {
namespace {

// Text appended from `at` to the end, as offsets; escaped when it is longer than `raw_size`
// (escaping only grows text, so an equal size means the raw bytes went through unchanged).
void place(const std::string& json,
           std::size_t at,
           std::size_t raw_size,
           std::uint32_t& where,
           std::uint32_t& size,
           bool& escaped) {
    where = static_cast<std::uint32_t>(at + 1);
    size = static_cast<std::uint32_t>(json.size() - at - 2);
    escaped = size != raw_size;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The position just past the string whose opening quote is at json[at].
std::size_t skip_string(std::string_view json, std::size_t at) {
    for (++at; at < json.size(); ++at) {
        if (json[at] == '\\') {
            ++at;
        } else if (json[at] == '"') {
            return at + 1;
        }
    }
    return json.size();
}

// The position just past the value that starts at json[at].
std::size_t skip_value(std::string_view json, std::size_t at) {
    if (json[at] == '"') return skip_string(json, at);
    int depth = 0;
    while (at < json.size()) {
        const char c = json[at];
        if (c == '"') {
            at = skip_string(json, at);
            continue;
        }
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') {
            if (depth == 0) return at;
            --depth;
            if (depth == 0) return at + 1;
        }
        if (c == ',' && depth == 0) return at;
        if (depth == 0 && is_space(c)) return at;
        ++at;
    }
    return at;
}

json_member::kind kind_of(char first) {
    switch (first) {
        case '"':
            return json_member::kind::string;
        case 't':
        case 'f':
            return json_member::kind::boolean;
        case 'n':
            return json_member::kind::null;
        case '{':
        case '[':
            return json_member::kind::nested;
        default:
            return json_member::kind::number;
    }
}

std::size_t skip_space(std::string_view json, std::size_t at) {
    while (at < json.size() && is_space(json[at])) ++at;
    return at;
}

}  // namespace

json_member append_member_key(std::string& json, std::string_view key) {
    json_member m;
    const std::size_t at = json.size();
    append_json_string(json, key);
    place(json, at, key.size(), m.key_at, m.key_size, m.key_escaped);
    json.push_back(':');
    return m;
}

void append_member_string(std::string& json, json_member& m, std::string_view value) {
    const std::size_t at = json.size();
    append_json_string(json, value);
    place(json, at, value.size(), m.value_at, m.value_size, m.value_escaped);
    m.type = json_member::kind::string;
}

void mark_member_json(const std::string& json, json_member& m, std::size_t at) {
    m.type = kind_of(json[at]);
    const bool quoted = m.type == json_member::kind::string;
    m.value_at = static_cast<std::uint32_t>(quoted ? at + 1 : at);
    m.value_size = static_cast<std::uint32_t>(json.size() - m.value_at - (quoted ? 1 : 0));
    m.value_escaped =
        quoted && std::string_view(json).substr(m.value_at, m.value_size).find('\\') !=
                      std::string_view::npos;
}

std::vector<json_member> index_json_members(std::string_view json) {
    std::vector<json_member> members;
    std::size_t at = skip_space(json, 0);
    if (at >= json.size() || json[at] != '{') return members;
    at = skip_space(json, at + 1);
    while (at < json.size() && json[at] == '"') {
        json_member m;
        const std::size_t key_end = skip_string(json, at);
        m.key_at = static_cast<std::uint32_t>(at + 1);
        m.key_size = static_cast<std::uint32_t>(key_end - at - 2);
        m.key_escaped = json.substr(m.key_at, m.key_size).find('\\') != std::string_view::npos;
        at = skip_space(json, skip_space(json, key_end) + 1);  // past the colon
        const std::size_t end = skip_value(json, at);
        m.type = kind_of(json[at]);
        const bool quoted = m.type == json_member::kind::string;
        m.value_at = static_cast<std::uint32_t>(quoted ? at + 1 : at);
        m.value_size = static_cast<std::uint32_t>(quoted ? end - at - 2 : end - at);
        m.value_escaped =
            quoted && json.substr(m.value_at, m.value_size).find('\\') != std::string_view::npos;
        members.push_back(m);
        at = skip_space(json, end);
        if (at < json.size() && json[at] == ',') at = skip_space(json, at + 1);
    }
    return members;
}

}  // namespace sfc::util
