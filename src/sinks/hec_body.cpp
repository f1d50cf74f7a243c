#include "sinks/hec_body.hpp"

#include "util/json_escape.hpp"

namespace sfc::sinks {
namespace {

void append_member(std::string& out, std::string_view key, std::string_view value) {
    out += '"';
    out += key;
    out += "\":";
    util::append_json_string(out, value);
    out += ',';
}

void append_epoch_time(std::string& out, std::int64_t epoch_ms) {
    if (const auto time = hec_epoch_time(epoch_ms)) {
        out += "\"time\":";
        out += *time;
        out += ',';
    }
}

}  // namespace

hec_body_builder::hec_body_builder(hec_event_meta meta) : meta_(std::move(meta)) {}

void hec_body_builder::build(std::string& out, std::span<const event> events) {
    out.clear();
    for (const auto& e : events) append(out, e);
}

// An event without metadata (its JSON did not parse) still goes out verbatim, without time or
// org: HEC then refuses it alone (invalid-event-number) and it reaches the dead-letter file.
void hec_body_builder::append(std::string& out, const event& e) {
    const std::string_view event_type = e.origin ? e.origin->event_type : std::string_view();
    const std::string_view org_id = e.origin ? e.origin->org_id : std::string_view();
    out += '{';
    if (e.epoch_ms) append_epoch_time(out, *e.epoch_ms);
    if (!meta_.host.empty()) append_member(out, "host", meta_.host);
    if (!meta_.source.empty()) append_member(out, "source", meta_.source);
    append_member(out,
                  "sourcetype",
                  meta_.sourcetype.empty() ? hec_default_sourcetype(event_type) : meta_.sourcetype);
    if (!meta_.index.empty()) append_member(out, "index", meta_.index);
    out += "\"event\":";
    out += e.json;
    out += ",\"fields\":{\"event_id\":";
    util::append_json_string(out, e.id);
    if (!org_id.empty()) {
        out += ",\"org_id\":";
        util::append_json_string(out, org_id);
    }
    out += "}}";
}

std::optional<std::string> hec_epoch_time(std::int64_t epoch_ms) {
    // HEC reads "time" as seconds since 1970; earlier instants are left to Splunk's clock.
    if (epoch_ms < 0) return std::nullopt;
    std::string out = std::to_string(epoch_ms / 1000);
    const auto ms = static_cast<int>(epoch_ms % 1000);
    out += '.';
    out += static_cast<char>('0' + ms / 100);
    out += static_cast<char>('0' + ms / 10 % 10);
    out += static_cast<char>('0' + ms % 10);
    return out;
}

std::string hec_default_sourcetype(std::string_view event_type) {
    std::string out = "sfdc:eventlogfile";
    if (event_type.empty()) return out;
    out += ':';
    for (const char c : event_type) {
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

}  // namespace sfc::sinks
