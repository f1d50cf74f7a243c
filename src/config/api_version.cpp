#include "config/api_version.hpp"

#include <charconv>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view shape_fix =
    "write the number from the Api Version column of Setup → Apex Classes, e.g. \"64.0\"";

bool all_digits(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

std::string normalize_api_version(std::string_view text) {
    if (text.starts_with('v') || text.starts_with('V')) text.remove_prefix(1);
    auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        if (all_digits(text)) {
            throw value_error("the version needs a minor part",
                              "write it as major.minor, e.g. \"64.0\" (quoted or not)");
        }
        throw value_error("not an API version", std::string(shape_fix));
    }
    std::string_view major = text.substr(0, dot);
    std::string_view minor = text.substr(dot + 1);
    if (!all_digits(major) || !all_digits(minor) || major.size() > 4 || minor.size() > 4) {
        throw value_error("not an API version", std::string(shape_fix));
    }
    int major_number = 0;
    std::from_chars(major.data(), major.data() + major.size(), major_number);
    if (major_number < min_api_major_version) {
        throw value_error("API versions before 37.0 lack EventLogFile.Interval and Sequence",
                          "use 37.0 or later; your org's current version is in the Api Version "
                          "column of Setup → Apex Classes, e.g. \"64.0\"");
    }
    return std::string(text);
}

}  // namespace sfc::config
