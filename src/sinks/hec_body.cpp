#include "sinks/hec_body.hpp"

#include <charconv>
#include <chrono>

#include <simdjson.h>

#include "util/json_escape.hpp"

namespace sfc::sinks {
namespace {

// What the body takes from the event's "sfc" object.
struct event_facts {
    std::string_view event_id;
    std::string_view org_id;
    std::string_view event_type;
    std::string_view timestamp;
};

std::optional<int> digits(std::string_view s, std::size_t at, std::size_t count) {
    int value = 0;
    const char* first = s.data() + at;
    const auto [end, ec] = std::from_chars(first, first + count, value);
    if (ec != std::errc() || end != first + count) return std::nullopt;
    return value;
}

bool separators_ok(std::string_view s) {
    return s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't') && s[13] == ':' &&
           s[16] == ':';
}

// Up to three fraction digits as milliseconds; the text must be ".d+" (any count) then 'Z'.
std::optional<int> fraction_ms(std::string_view rest) {
    if (rest == "Z" || rest == "z") return 0;
    if (rest.size() < 3 || rest.front() != '.' || (rest.back() != 'Z' && rest.back() != 'z')) {
        return std::nullopt;
    }
    const std::string_view frac = rest.substr(1, rest.size() - 2);
    int ms = 0;
    for (std::size_t i = 0; i < frac.size(); ++i) {
        if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
        if (i < 3) ms = ms * 10 + (frac[i] - '0');
    }
    for (std::size_t i = frac.size(); i < 3; ++i) ms *= 10;
    return ms;
}

event_facts read_facts(simdjson::dom::element doc) {
    event_facts facts;
    simdjson::dom::object sfc;
    if (doc["sfc"].get(sfc) != simdjson::SUCCESS) return facts;
    for (const auto field : sfc) {
        std::string_view value;
        if (field.value.get(value) != simdjson::SUCCESS) continue;
        if (field.key == "event_id") facts.event_id = value;
        if (field.key == "org_id") facts.org_id = value;
        if (field.key == "event_type") facts.event_type = value;
        if (field.key == "timestamp") facts.timestamp = value;
    }
    return facts;
}

void append_member(std::string& out, std::string_view key, std::string_view value) {
    out += '"';
    out += key;
    out += "\":";
    util::append_json_string(out, value);
    out += ',';
}

}  // namespace

struct hec_body_builder::parser {
    simdjson::dom::parser dom;
};

hec_body_builder::hec_body_builder(hec_event_meta meta)
    : meta_(std::move(meta)), parser_(std::make_unique<parser>()) {}

hec_body_builder::~hec_body_builder() = default;

void hec_body_builder::build(std::string& out, std::span<const event> events) {
    out.clear();
    for (const auto& e : events) append(out, e);
}

// An event whose JSON does not parse still goes out verbatim, without time or sfc facts: HEC
// then refuses it alone (invalid-event-number) and it reaches the dead-letter file.
void hec_body_builder::append(std::string& out, const event& e) {
    event_facts facts;
    simdjson::dom::element doc;
    if (parser_->dom.parse(e.json).get(doc) == simdjson::SUCCESS) facts = read_facts(doc);

    out += '{';
    if (const auto time = hec_epoch_time(facts.timestamp)) {
        out += "\"time\":";
        out += *time;
        out += ',';
    }
    if (!meta_.host.empty()) append_member(out, "host", meta_.host);
    if (!meta_.source.empty()) append_member(out, "source", meta_.source);
    append_member(
        out,
        "sourcetype",
        meta_.sourcetype.empty() ? hec_default_sourcetype(facts.event_type) : meta_.sourcetype);
    if (!meta_.index.empty()) append_member(out, "index", meta_.index);
    out += "\"event\":";
    out += e.json;
    out += ",\"fields\":{\"event_id\":";
    util::append_json_string(out, facts.event_id.empty() ? std::string_view(e.id) : facts.event_id);
    if (!facts.org_id.empty()) {
        out += ",\"org_id\":";
        util::append_json_string(out, facts.org_id);
    }
    out += "}}";
}

std::optional<std::string> hec_epoch_time(std::string_view iso) {
    if (iso.size() < 20 || !separators_ok(iso)) return std::nullopt;
    const auto year = digits(iso, 0, 4);
    const auto month = digits(iso, 5, 2);
    const auto day = digits(iso, 8, 2);
    const auto hour = digits(iso, 11, 2);
    const auto minute = digits(iso, 14, 2);
    const auto second = digits(iso, 17, 2);
    const auto ms = fraction_ms(iso.substr(19));
    if (!year || !month || !day || !hour || !minute || !second || !ms) return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok() || *year < 1970 || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    const auto seconds = std::chrono::sys_days(date).time_since_epoch() +
                         std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
                         std::chrono::seconds(*second);
    const auto whole = std::chrono::duration_cast<std::chrono::seconds>(seconds).count();
    std::string out = std::to_string(whole);
    out += '.';
    out += static_cast<char>('0' + *ms / 100);
    out += static_cast<char>('0' + *ms / 10 % 10);
    out += static_cast<char>('0' + *ms % 10);
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
