#include "fake_salesforce/info_endpoints.hpp"

#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sfc::test::fake_sf {

namespace {

constexpr int oldest_version = 31;

}  // namespace

http_reply handle_versions(int newest) {
    // v31.0 was Summer '14; three releases a year: Summer, Winter (next year's), Spring.
    static constexpr const char* seasons[] = {"Summer", "Winter", "Spring"};
    std::string out = "[";
    for (int v = oldest_version; v <= newest; ++v) {
        const int i = v - oldest_version;
        if (v > oldest_version) out += ',';
        out += fmt::format(R"({{"label":"{} '{}","url":"/services/data/v{}.0","version":"{}.0"}})",
                           seasons[i % 3],
                           14 + (i + 2) / 3,
                           v,
                           v);
    }
    out += ']';
    return json_reply(200, std::move(out));
}

bool version_listed(std::string_view version, int newest) {
    int major = 0;
    const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), major);
    const std::string_view rest(end, std::size_t(version.data() + version.size() - end));
    return ec == std::errc{} && rest == ".0" && major >= oldest_version && major <= newest;
}

http_reply handle_limits(const fake_state& state) {
    const std::int64_t max = state.api_limit;
    const std::int64_t remaining = std::max<std::int64_t>(0, max - state.stats.api_usage);
    std::string per_app;
    for (const auto& app : state.options.apps) {
        per_app += fmt::format(R"(,{}:{{"Max":0,"Remaining":0}})", json_string(app.name));
    }
    std::string out =
        fmt::format(R"({{"ConcurrentAsyncGetReportInstances":{{"Max":200,"Remaining":200}},)"
                    R"("DailyApiRequests":{{"Max":{},"Remaining":{},)"
                    R"("Ant Migration Tool":{{"Max":0,"Remaining":0}},)"
                    R"("Dataloader Bulk":{{"Max":0,"Remaining":0}}{}}},)"
                    R"("DailyBulkApiRequests":{{"Max":10000,"Remaining":10000}},)"
                    R"("DataStorageMB":{{"Max":5,"Remaining":5}},)"
                    R"("HourlyPublishedPlatformEvents":{{"Max":50000,"Remaining":50000}}}})",
                    max,
                    remaining,
                    per_app);
    return json_reply(200, std::move(out));
}

}  // namespace sfc::test::fake_sf
