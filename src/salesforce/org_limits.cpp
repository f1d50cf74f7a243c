#include "salesforce/org_limits.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

namespace sfc::salesforce {
namespace {

// Salesforce sends integers; a double such as 15000.0 is read too, a negative or odd value not.
std::optional<std::uint64_t> count_field(simdjson::dom::object limit, const char* key) {
    simdjson::dom::element value;
    if (limit[key].get(value) != simdjson::SUCCESS) return std::nullopt;
    std::uint64_t whole = 0;
    if (value.get_uint64().get(whole) == simdjson::SUCCESS) return whole;
    double real = 0;
    if (value.get_double().get(real) != simdjson::SUCCESS || !std::isfinite(real) || real < 0 ||
        real != std::floor(real) || real > 1e18) {
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(real);
}

}  // namespace

api_usage org_limits::daily_api_usage() const {
    const auto& d = daily_api_requests;
    return api_usage{d.max - std::min(d.remaining, d.max), d.max};
}

org_limits parse_org_limits(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto error = parser.parse(body.data(), body.size()).get(doc)) {
        throw limits_format_error(
            std::string("the /limits response is not JSON: ") + simdjson::error_message(error),
            true);
    }
    simdjson::dom::object daily;
    if (doc["DailyApiRequests"].get_object().get(daily) != simdjson::SUCCESS) {
        throw limits_format_error("the /limits response has no DailyApiRequests object", false);
    }
    const auto max = count_field(daily, "Max");
    const auto remaining = count_field(daily, "Remaining");
    if (!max || !remaining) {
        throw limits_format_error(
            "the /limits response's DailyApiRequests lacks a readable Max or Remaining", false);
    }
    return org_limits{limit_pair{*max, *remaining}};
}

}  // namespace sfc::salesforce
