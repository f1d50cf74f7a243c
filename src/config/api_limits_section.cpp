// How much of an org's API allocation the collector may use, and how it waits when it has used
// it (salesforce-api.md §6.3 to §6.5).

#include "config/duration.hpp"
#include "config/numbers.hpp"
#include "config/salesforce_parts.hpp"

namespace sfc::config {
namespace {

/// Salesforce allows 25 long-running requests per org at once (5 in Developer Edition), shared
/// with every other client; more than 64 from one collector is surely a typo.
constexpr std::uint64_t max_concurrent = 64;
constexpr std::chrono::seconds min_limits_check{1};

/// "0.5" or "50%".
double parse_api_share(const std::string& text) {
    constexpr std::string_view fix =
        "write a fraction above 0 and at most 1, e.g. 0.5, or a percentage, e.g. 50%";
    std::string_view number = text;
    bool percent = number.ends_with('%');
    if (percent) number.remove_suffix(1);
    if (percent && number.ends_with(' ')) number.remove_suffix(1);
    double value = parse_decimal(number, fix) / (percent ? 100.0 : 1.0);
    if (!(value > 0.0 && value <= 1.0)) throw value_error("out of range", std::string(fix));
    return value;
}

unsigned parse_concurrency(const std::string& text) {
    return static_cast<unsigned>(
        check_range(parse_count(text),
                    1,
                    max_concurrent,
                    "use e.g. 4: Salesforce allows 25 long-running requests per org at once (5 in "
                    "Developer Edition), shared with every other client"));
}

std::chrono::seconds parse_limits_check(const std::string& text) {
    auto interval = parse_duration(text);
    if (interval < min_limits_check) {
        throw value_error("shorter than 1s", "use e.g. 5m: each check is an API request");
    }
    return interval;
}

}  // namespace

void read_api_limits(const yaml_reader& reader, const mapping& section, salesforce_config& out) {
    reader.read_into(section, "max_api_share", parse_api_share, out.max_api_share);
    reader.read_into(
        section, "max_concurrent_requests", parse_concurrency, out.max_concurrent_requests);
    reader.read_into(
        section, "limits_check_interval", parse_limits_check, out.limits_check_interval);
}

}  // namespace sfc::config
