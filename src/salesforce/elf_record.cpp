#include "salesforce/elf_record.hpp"

#include <simdjson.h>

#include <cmath>
#include <optional>
#include <string>
#include <limits>
#include <stdexcept>

namespace sfc::salesforce {
namespace {

[[noreturn]] void fail(std::string_view what) {
    throw std::runtime_error("EventLogFile record: " + std::string(what));
}

// The field, or nullopt when absent or null.
std::optional<simdjson::dom::element> field(simdjson::dom::object obj, const char* key) {
    simdjson::dom::element value;
    if (obj[key].get(value) != simdjson::SUCCESS || value.is_null()) {
        return std::nullopt;
    }
    return value;
}

std::string text(simdjson::dom::object obj, const char* key, bool required) {
    const auto value = field(obj, key);
    if (!value) {
        if (required) {
            fail(std::string("missing field '") + key + "'");
        }
        return {};
    }
    std::string_view s;
    if (value->get_string().get(s) != simdjson::SUCCESS) {
        fail(std::string("field '") + key + "' is not a string");
    }
    return std::string(s);
}

double number(simdjson::dom::object obj, const char* key) {
    const auto value = field(obj, key);
    if (!value) {
        return 0;
    }
    // get_double() also reads integers, so 2692 and 2692.0 both work.
    double d = 0;
    if (value->get_double().get(d) != simdjson::SUCCESS) {
        fail(std::string("field '") + key + "' is not a number");
    }
    return d;
}

std::int64_t integer(simdjson::dom::object obj, const char* key) {
    const double d = number(obj, key);
    constexpr double bound = 9.0e15;  // well inside int64 and exactly representable
    if (d != std::floor(d) || std::fabs(d) > bound) {
        fail(std::string("field '") + key + "' is not an integer");
    }
    return static_cast<std::int64_t>(d);
}

}  // namespace

elf_record parse_elf_record(std::string_view record_json) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto error = parser.parse(record_json.data(), record_json.size()).get(doc)) {
        fail(std::string("malformed JSON: ") + simdjson::error_message(error));
    }
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
        fail("not a JSON object");
    }
    elf_record record;
    record.id = text(obj, "Id", true);
    record.event_type = text(obj, "EventType", true);
    record.log_date = text(obj, "LogDate", true);
    record.interval = text(obj, "Interval", false);
    record.created_date = text(obj, "CreatedDate", true);
    record.log_file = text(obj, "LogFile", true);
    record.sequence = integer(obj, "Sequence");
    record.log_file_length = number(obj, "LogFileLength");
    return record;
}

}  // namespace sfc::salesforce
