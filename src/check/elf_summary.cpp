#include "check/elf_summary.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

namespace sfc::check {
namespace {

struct last_day {
    std::map<std::string, std::size_t> files_by_type;
    std::map<std::string, std::set<std::string>> types_by_interval;
};

last_day tally(const std::vector<std::string>& records) {
    last_day out;
    simdjson::dom::parser parser;
    for (const auto& json : records) {
        simdjson::dom::element record;
        std::string_view type;
        std::string_view interval;
        if (parser.parse(json).get(record) != simdjson::SUCCESS ||
            record["EventType"].get_string().get(type) != simdjson::SUCCESS) {
            continue;
        }
        if (record["Interval"].get_string().get(interval) != simdjson::SUCCESS) interval = "";
        ++out.files_by_type[std::string(type)];
        out.types_by_interval[std::string(interval)].insert(std::string(type));
    }
    return out;
}

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

/// Most files first, so the busiest types lead the line.
std::vector<std::string> types_by_count(const last_day& day) {
    std::vector<std::pair<std::string, std::size_t>> counted(day.files_by_type.begin(),
                                                             day.files_by_type.end());
    std::stable_sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) {
        return a.second > b.second;
    });
    std::vector<std::string> out;
    for (auto& [name, count] : counted) out.push_back(std::move(name));
    return out;
}

std::string intervals_text(const last_day& day) {
    const bool hourly = day.types_by_interval.count("Hourly") != 0;
    const bool daily = day.types_by_interval.count("Daily") != 0;
    if (hourly && daily) return "Hourly and Daily";
    return hourly ? "Hourly" : daily ? "Daily" : "no Interval";
}

}  // namespace

std::string last_day_query(const std::string& since) {
    return "SELECT EventType, Interval FROM EventLogFile WHERE CreatedDate >= " + since;
}

std::vector<verdict> summarise_last_day(const std::vector<std::string>& records,
                                        const config::event_log_file_config& elf) {
    const last_day day = tally(records);
    if (day.files_by_type.empty()) {
        return {
            warning("no log files were created in the last day: the org may have no Event "
                    "Monitoring log files yet (they appear a day after the events, hourly "
                    "ones need the Event Monitoring add-on)")};
    }
    const auto types = types_by_count(day);
    std::vector<verdict> out;
    out.push_back(passed(std::to_string(types.size()) + " types in the last day (" +
                         intervals_text(day) + "): " + join(types)));
    const std::string interval = elf.interval == config::elf_interval::daily ? "Daily" : "Hourly";
    const std::string other = elf.interval == config::elf_interval::daily ? "Hourly" : "Daily";
    const auto it = day.types_by_interval.find(interval);
    if (it == day.types_by_interval.end()) {
        out.push_back(warning(
            "no " + interval + " files in the last day, only " + other +
            " ones: set event_log_file.interval to " + other +
            (interval == "Hourly" ? " (hourly files need the Event Monitoring add-on)" : "")));
        return out;
    }
    // SOQL compares picklist values without regard to case, and so does the collector's query.
    std::vector<std::string> missing;
    for (const auto& wanted : elf.event_types) {
        const bool seen = std::any_of(it->second.begin(), it->second.end(), [&](const auto& t) {
            return same_name(t, wanted);
        });
        if (!seen) missing.push_back(wanted);
    }
    if (!missing.empty()) {
        out.push_back(warning(
            "no " + interval + " files of " + join(missing) +
            " in the last day: the org had no such events, its licence lacks them, or a name in "
            "event_log_file.event_types is not an EventType API name"));
    }
    return out;
}

}  // namespace sfc::check
