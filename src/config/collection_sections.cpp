// `event_log_file:` and `collection:`: what to collect and how often.

#include <set>

#include "config/duration.hpp"
#include "config/numbers.hpp"
#include "config/sections.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

/// Event types go into SOQL string literals, so only identifier characters are allowed. Unknown
/// but well-formed names pass: Salesforce adds event types in new releases.
std::string check_event_type(const std::string& name) {
    for (char c : name) {
        bool ok =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            throw value_error("an event type is a name of letters, digits and '_'",
                              "use the API name, e.g. Login, LoginAs, URI, RestApi");
        }
    }
    return name;
}

bool is_all(const std::string& word) {
    return equal_ignoring_case(word, "all");
}

/// A list of types, or `all` / `[all]` for every type (an empty list).
std::vector<std::string> read_event_types(const yaml_reader& reader, const field& at) {
    if (at.node.IsScalar()) {
        auto word = reader.read_text(at);
        if (word && is_all(word->value)) return {};
        // Anything else falls through to read_list's "expected a list".
    }
    auto items = reader.read_list(at);
    if (items.empty()) {
        reader.fail(at,
                    "the list is empty",
                    "list at least one event type, e.g. [Login, Logout], write all for every "
                    "type, or set enabled: false");
    }
    std::vector<std::string> types;
    std::set<std::string, std::less<>> seen;
    for (const auto& item : items) {
        auto type = reader.read_as(item, check_event_type);
        if (!type) reader.fail(item, "the event type is empty", "remove the empty item");
        if (is_all(*type)) {
            if (items.size() == 1) return {};
            reader.fail(item,
                        "'all' is listed with other event types",
                        "write event_types: all alone, or list only the types to collect");
        }
        if (!seen.insert(*type).second) {
            reader.fail(item, "the event type is listed twice", "remove the repeat");
        }
        types.push_back(*type);
    }
    return types;
}

double parse_jitter(const std::string& text) {
    constexpr std::string_view fix = "use a fraction from 0 to 0.5, e.g. 0.1 for ±10%";
    double value = parse_decimal(text, fix);
    if (!(value >= 0.0 && value <= 0.5)) throw value_error("out of range", std::string(fix));
    return value;
}

}  // namespace

event_log_file_config read_event_log_file(const yaml_reader& reader, const field& at) {
    mapping section = reader.read_mapping(at, {"enabled", "event_types", "interval", "settle"});
    event_log_file_config out;
    if (auto enabled = section.find("enabled")) {
        out.enabled = reader.read_bool(*enabled).value_or(out.enabled);
    }
    if (auto types = section.find("event_types"))
        out.event_types = read_event_types(reader, *types);
    if (auto interval = section.find("interval")) {
        out.interval = reader
                           .read_choice<elf_interval>(
                               *interval,
                               "log file interval",
                               {{"Hourly", elf_interval::hourly}, {"Daily", elf_interval::daily}})
                           .value_or(out.interval);
    }
    reader.read_into(section, "settle", parse_settle, out.settle);
    return out;
}

collection_config read_collection(const yaml_reader& reader, const field& at) {
    mapping section = reader.read_mapping(at, {"poll_interval", "initial_lookback", "jitter"});
    collection_config out;
    if (auto poll = section.find("poll_interval")) {
        out.poll_interval = reader.read_as(*poll, parse_duration).value_or(out.poll_interval);
        if (out.poll_interval.count() == 0) {
            reader.fail(*poll, "the poll interval is zero", "use at least 1s, e.g. 5m");
        }
    }
    if (auto lookback = section.find("initial_lookback")) {
        out.initial_lookback =
            reader.read_as(*lookback, parse_duration).value_or(out.initial_lookback);
    }
    if (auto jitter = section.find("jitter")) {
        out.jitter = reader.read_as(*jitter, parse_jitter).value_or(out.jitter);
    }
    return out;
}

}  // namespace sfc::config
