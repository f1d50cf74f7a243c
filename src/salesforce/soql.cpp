#include "salesforce/soql.hpp"

#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "util/iso8601.hpp"

namespace sfc::salesforce {
namespace {

using namespace std::chrono;

std::string literal(std::string_view value, const char* field) {
    auto normalised = soql_datetime_from_sf(value);
    if (!normalised) {
        throw std::invalid_argument(std::string("EventLogFile query: ") + field +
                                    " is not a datetime");
    }
    return *normalised;
}

std::string quoted_list(const std::vector<std::string>& values) {
    std::string out = "(";
    for (const auto& value : values) {
        if (out.size() > 1) {
            out += ',';
        }
        out += soql_quote(value);
    }
    return out + ")";
}

std::string cursor_clause(const elf_query_params& params) {
    if (params.after_created_date) {
        const std::string after = literal(*params.after_created_date, "after_created_date");
        if (!params.after_id) {
            return "CreatedDate > " + after;
        }
        return "(CreatedDate > " + after + " OR (CreatedDate = " + after + " AND Id > " +
               soql_quote(*params.after_id) + "))";
    }
    if (params.since) {
        return "CreatedDate >= " + literal(*params.since, "since");
    }
    return {};
}

}  // namespace

std::string soql_datetime(system_clock::time_point t) {
    const auto ms = floor<milliseconds>(t);
    const auto day = floor<days>(ms);
    const year_month_day ymd{day};
    const hh_mm_ss hms{ms - day};
    char text[32];
    std::snprintf(text,
                  sizeof text,
                  "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()),
                  static_cast<int>(hms.subseconds().count()));
    return text;
}

std::optional<system_clock::time_point> parse_sf_datetime(std::string_view text) {
    const auto instant = util::parse_iso8601(text);
    // system_clock counts nanoseconds in 64 bits: years past 2261 (or before 1678) would
    // overflow it, so such a value (from a garbled or hostile answer) is no datetime.
    constexpr std::int64_t first = -9'214'560'000;  // 1678-01-01T00:00:00Z
    constexpr std::int64_t last = 9'214'646'399;    // 2261-12-31T23:59:59Z
    if (!instant || instant->seconds < first || instant->seconds > last) return std::nullopt;
    return time_point_cast<system_clock::duration>(sys_seconds{seconds{instant->seconds}} +
                                                   nanoseconds{instant->nanos});
}

std::optional<std::string> soql_datetime_from_sf(std::string_view sf_value) {
    auto t = parse_sf_datetime(sf_value);
    if (!t) {
        return std::nullopt;
    }
    return soql_datetime(*t);
}

std::string soql_quote(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        switch (c) {
            case '\'':
                out += "\\'";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += c;
        }
    }
    return out + "'";
}

std::string build_elf_query(const elf_query_params& params) {
    std::vector<std::string> conditions;
    if (!params.interval.empty()) {
        conditions.push_back("Interval = " + soql_quote(params.interval));
    }
    if (!params.event_types.empty()) {
        conditions.push_back("EventType IN " + quoted_list(params.event_types));
    }
    if (auto cursor = cursor_clause(params); !cursor.empty()) {
        conditions.push_back(std::move(cursor));
    }
    std::string soql =
        "SELECT Id, EventType, LogDate, Interval, Sequence, CreatedDate, LogFileLength, LogFile "
        "FROM EventLogFile";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        soql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    }
    return soql + " ORDER BY CreatedDate ASC, Id ASC";
}

}  // namespace sfc::salesforce
