#include "check/api_version_step.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <utility>

namespace sfc::check {
namespace {

/// "64.0" as (64, 0) for ordering; the list is ascending, but nothing depends on that.
std::pair<int, int> version_number(std::string_view v) {
    int major = 0;
    int minor = 0;
    const auto dot = v.find('.');
    std::from_chars(v.data(), v.data() + std::min(dot, v.size()), major);
    if (dot != std::string_view::npos)
        std::from_chars(v.data() + dot + 1, v.data() + v.size(), minor);
    return {major, minor};
}

}  // namespace

std::vector<std::string> parse_api_versions(std::string_view body) {
    std::vector<std::string> out;
    simdjson::dom::parser parser;
    simdjson::dom::array list;
    if (parser.parse(body.data(), body.size()).get_array().get(list) != simdjson::SUCCESS) {
        return out;
    }
    for (simdjson::dom::element entry : list) {
        std::string_view version;
        if (entry["version"].get_string().get(version) == simdjson::SUCCESS) {
            out.emplace_back(version);
        }
    }
    return out;
}

api_version_result judge_api_version(unsigned status,
                                     std::string_view body,
                                     const std::string& configured,
                                     const std::string& origin) {
    const auto versions = parse_api_versions(body);
    if (status != 200 || versions.empty()) {
        return {failed("GET " + origin + "/services/data/ answered HTTP " + std::to_string(status) +
                           " without a version list: salesforce.instance_url must be the "
                           "org's Current My Domain URL (External Client App Step 6)",
                       check_failed),
                false};
    }
    const auto newest = *std::max_element(
        versions.begin(), versions.end(), [](const std::string& a, const std::string& b) {
            return version_number(a) < version_number(b);
        });
    if (std::find(versions.begin(), versions.end(), configured) == versions.end()) {
        return {failed("salesforce.api_version " + configured + " is not served by this org (" +
                           origin + "); its newest is " + newest + ": set api_version to " +
                           newest + " or an older version it lists at /services/data/",
                       check_failed),
                false};
    }
    std::string text = configured + " is served";
    text += configured == newest ? " (the org's newest)" : " (the org's newest is " + newest + ")";
    return {passed(std::move(text)), true};
}

}  // namespace sfc::check
