#include "salesforce/soql.hpp"

#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace sfc::salesforce {
namespace {

using namespace std::chrono;

// A strict left-to-right reader over fixed-width datetime text.
class reader {
public:
    explicit reader(std::string_view text) : text_(text) {}

    std::optional<int> digits(std::size_t count) {
        if (text_.size() - pos_ < count) {
            return std::nullopt;
        }
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') {
                return std::nullopt;
            }
            value = value * 10 + (c - '0');
        }
        pos_ += count;
        return value;
    }
    bool skip(char c) {
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    std::optional<char> peek() const {
        return pos_ < text_.size() ? std::optional<char>(text_[pos_]) : std::nullopt;
    }
    bool at_end() const { return pos_ == text_.size(); }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// ".sss" with 1 to 9 digits, as nanoseconds; zero when there is no fraction.
std::optional<nanoseconds> fraction(reader& in) {
    if (!in.skip('.')) {
        return nanoseconds{0};
    }
    std::int64_t value = 0;
    int count = 0;
    while (count < 9) {
        auto digit = in.digits(1);
        if (!digit) {
            break;
        }
        value = value * 10 + *digit;
        ++count;
    }
    if (count == 0) {
        return std::nullopt;
    }
    for (int i = count; i < 9; ++i) {
        value *= 10;
    }
    return nanoseconds{value};
}

// "Z", "+hhmm", "+hh:mm", "-hhmm", "-hh:mm", as the offset east of UTC.
std::optional<minutes> zone(reader& in) {
    if (in.skip('Z')) {
        return minutes{0};
    }
    const auto sign_char = in.peek();
    if (!sign_char || (*sign_char != '+' && *sign_char != '-')) {
        return std::nullopt;
    }
    in.skip(*sign_char);
    const auto h = in.digits(2);
    in.skip(':');
    const auto m = in.digits(2);
    if (!h || !m || *h > 23 || *m > 59) {
        return std::nullopt;
    }
    const minutes offset = hours{*h} + minutes{*m};
    return *sign_char == '-' ? -offset : offset;
}

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
        return "(CreatedDate > " + after + " OR (CreatedDate = " + after +
               " AND Id > " + soql_quote(*params.after_id) + "))";
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
    reader in(text);
    const auto y = in.digits(4);
    const bool dash1 = in.skip('-');
    const auto mo = in.digits(2);
    const bool dash2 = in.skip('-');
    const auto d = in.digits(2);
    const bool t = in.skip('T');
    const auto h = in.digits(2);
    const bool colon1 = in.skip(':');
    const auto mi = in.digits(2);
    const bool colon2 = in.skip(':');
    const auto s = in.digits(2);
    if (!y || !mo || !d || !h || !mi || !s || !dash1 || !dash2 || !t || !colon1 || !colon2) {
        return std::nullopt;
    }
    const auto frac = fraction(in);
    const auto offset = zone(in);
    if (!frac || !offset || !in.at_end()) {
        return std::nullopt;
    }
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                              day{static_cast<unsigned>(*d)}};
    // system_clock counts nanoseconds in 64 bits: years past 2261 (or before 1678) would
    // overflow it, so such a value (from a garbled or hostile answer) is no datetime.
    if (!date.ok() || *h > 23 || *mi > 59 || *s > 59 || *y < 1678 || *y > 2261) {
        return std::nullopt;
    }
    const auto local = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s} + *frac;
    return time_point_cast<system_clock::duration>(local - *offset);
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
