// The _bulk body and answer. Items are positional: item i answers document i of the request.
#include "sinks/es_bulk.hpp"

#include "util/json_escape.hpp"

#include <simdjson.h>

#include <string>

namespace sfc::sinks::es_bulk {
namespace {

using simdjson::dom::element;

std::string_view string_field(element parent, const char* name) {
    std::string_view value;
    if (parent[name].get_string().get(value) != simdjson::SUCCESS) return {};
    return value;
}

// "type: reason", the shape of every Elasticsearch error object; a bare string passes through.
std::string describe_error(element error) {
    std::string_view text;
    if (error.get_string().get(text) == simdjson::SUCCESS) return std::string(text);
    std::string out(string_field(error, "type"));
    const auto reason = string_field(error, "reason");
    if (!reason.empty()) out += (out.empty() ? "" : ": ") + std::string(reason);
    element cause;
    if (error["caused_by"].get(cause) == simdjson::SUCCESS) {
        const auto cause_text = describe_error(cause);
        if (!cause_text.empty()) out += " (caused by " + cause_text + ")";
    }
    return out;
}

std::string item_reason(std::int64_t status, element action) {
    std::string reason = std::to_string(status);
    element error;
    if (action["error"].get(error) == simdjson::SUCCESS) {
        const auto text = describe_error(error);
        if (!text.empty()) reason += " " + text;
    }
    return one_line(reason);
}

outcome unusable(std::string problem) {
    outcome out;
    out.problem = one_line(problem);
    return out;
}

// One item: {"create":{"_id":...,"status":201,...}} (the key is the action's name).
bool read_item(element item, std::size_t index, outcome& out) {
    simdjson::dom::object wrapper;
    if (item.get_object().get(wrapper) != simdjson::SUCCESS || wrapper.size() != 1) return false;
    const element action = (*wrapper.begin()).value;
    std::int64_t status = 0;
    if (action["status"].get_int64().get(status) != simdjson::SUCCESS) return false;
    if (status >= 200 && status < 300) {
        ++out.accepted;
    } else if (status == 409) {
        ++out.duplicates;
    } else if (status == 429 || status >= 500) {
        if (out.retry.empty()) out.retry_reason = item_reason(status, action);
        out.retry.push_back(index);
    } else {
        out.rejected.push_back({index, item_reason(status, action)});
    }
    return true;
}

}  // namespace

void append_body(std::string& out, std::span<const event> events, std::string_view index) {
    std::string action = "{\"create\":{\"_index\":";
    util::append_json_string(action, index);
    action += ",\"_id\":";
    const std::size_t prefix = action.size();
    for (const auto& e : events) {
        action.resize(prefix);
        util::append_json_string(action, e.id);
        action += "}}\n";
        out += action;
        out += e.json;
        out += '\n';
    }
}

response_reader::response_reader() : parser_(std::make_unique<simdjson::dom::parser>()) {}
response_reader::~response_reader() = default;

outcome response_reader::read(std::string_view body, std::size_t batch_size) {
    element root;
    if (parser_->parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
        return unusable("the answer is not JSON: " + std::string(body.substr(0, 100)));
    }
    simdjson::dom::array items;
    if (root["items"].get_array().get(items) != simdjson::SUCCESS) {
        return unusable("the answer has no \"items\" array");
    }
    if (items.size() != batch_size) {
        return unusable("the answer has " + std::to_string(items.size()) + " items for " +
                        std::to_string(batch_size) + " documents");
    }
    outcome out;
    bool errors = true;
    if (root["errors"].get_bool().get(errors) == simdjson::SUCCESS && !errors) {
        out.complete = true;  // every item 200/201: no need to look at each
        out.accepted = batch_size;
        return out;
    }
    std::size_t index = 0;
    for (const element item : items) {
        if (!read_item(item, index, out)) {
            return unusable("item " + std::to_string(index) + " has no action with a status");
        }
        ++index;
    }
    out.complete = true;
    return out;
}

std::string error_summary(std::string_view body) {
    simdjson::dom::parser parser;
    element root;
    element error;
    if (parser.parse(body.data(), body.size()).get(root) == simdjson::SUCCESS &&
        root["error"].get(error) == simdjson::SUCCESS) {
        return one_line(describe_error(error));
    }
    return one_line(body);
}

std::string one_line(std::string_view s, std::size_t max) {
    std::string out;
    out.reserve(std::min(s.size(), max));
    for (const char c : s) {
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.size() <= max) return out;
    constexpr std::string_view ellipsis = "...";
    std::size_t cut = max > ellipsis.size() ? max - ellipsis.size() : 0;
    // Back off continuation bytes (10xxxxxx) so a multi-byte character stays whole.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
    out += ellipsis;
    return out;
}

}  // namespace sfc::sinks::es_bulk
