#include "salesforce/limit_info.hpp"

#include <charconv>

#include "http/text.hpp"

namespace sfc::salesforce {
namespace {

using http::detail::trim;

std::optional<std::uint64_t> whole_number(std::string_view s) {
    std::uint64_t value = 0;
    const char* end = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), end, value);
    if (s.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

// "18/5000"
std::optional<api_usage> usage_pair(std::string_view value) {
    const auto slash = value.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    auto used = whole_number(value.substr(0, slash));
    auto limit = whole_number(value.substr(slash + 1));
    if (!used || !limit) {
        return std::nullopt;
    }
    return api_usage{*used, *limit};
}

}  // namespace

std::optional<api_usage> parse_limit_info(std::string_view header) {
    constexpr std::string_view key = "api-usage=";
    while (!header.empty()) {
        const auto semicolon = header.find(';');
        const std::string_view segment = trim(header.substr(0, semicolon));
        // An exact key match: "per-app-api-usage=" must not be taken for the org total.
        if (segment.starts_with(key)) {
            return usage_pair(trim(segment.substr(key.size())));
        }
        if (semicolon == std::string_view::npos) {
            break;
        }
        header.remove_prefix(semicolon + 1);
    }
    return std::nullopt;
}

}  // namespace sfc::salesforce
