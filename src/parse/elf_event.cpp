#include "parse/elf_event.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "util/iso8601.hpp"
#include "util/json_escape.hpp"
#include "util/json_members.hpp"
#include "util/stable_id.hpp"

namespace sfc::parse {
namespace {

void append_uint(std::string& out, std::uint64_t v) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, result.ptr);
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
    out.push_back(',');
    util::append_json_string(out, key);
    out.push_back(':');
    util::append_json_string(out, value);
}

std::size_t column_of(const std::vector<std::string>& header, std::string_view name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? std::string::npos : static_cast<std::size_t>(it - header.begin());
}

bool all_digits(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int two_digits(std::string_view s, std::size_t at) {
    return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// Appends the fraction that starts at v[at] (none, or '.' and 1-9 digits) as exactly three
// digits and 'Z'; false when what follows the seconds up to `end` is anything else.
bool append_millis(std::string& out, std::string_view v, std::size_t at, std::size_t end) {
    std::string_view fraction;
    if (at < end) {
        fraction = v.substr(at + 1, end - at - 1);
        if (v[at] != '.' || fraction.empty() || fraction.size() > 9 || !all_digits(fraction)) {
            return false;
        }
    }
    for (std::size_t k = 0; k < 3; ++k) out.push_back(k < fraction.size() ? fraction[k] : '0');
    out.push_back('Z');
    return true;
}

bool valid_date(int year, int month, int day) {
    return std::chrono::year_month_day{std::chrono::year{year},
                                       std::chrono::month{static_cast<unsigned>(month)},
                                       std::chrono::day{static_cast<unsigned>(day)}}
        .ok();
}

}  // namespace

bool append_iso_derived(std::string& out, std::string_view v) {
    // YYYY-MM-DDThh:mm:ss, optionally '.' and 1-9 fraction digits, then 'Z' (UTC only: the
    // column is defined in UTC, and an offset would need arithmetic the fallback does not).
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd";
    if (v.size() < shape.size() + 1 || (v.back() != 'Z' && v.back() != 'z')) return false;
    for (std::size_t k = 0; k < shape.size(); ++k) {
        const bool ok = shape[k] == 'd' ? (v[k] >= '0' && v[k] <= '9') : v[k] == shape[k];
        if (!ok) return false;
    }
    const int year = two_digits(v, 0) * 100 + two_digits(v, 2);
    if (!valid_date(year, two_digits(v, 5), two_digits(v, 8)) || two_digits(v, 11) > 23 ||
        two_digits(v, 14) > 59 || two_digits(v, 17) > 60)
        return false;
    const std::size_t mark = out.size();
    out.append(v.substr(0, shape.size()));
    out.push_back('.');
    if (!append_millis(out, v, shape.size(), v.size() - 1)) {
        out.resize(mark);
        return false;
    }
    return true;
}

bool append_iso_timestamp(std::string& out, std::string_view v) {
    // YYYYMMDDhhmmss, then optionally '.' and 1-9 fraction digits (kept to milliseconds).
    if (v.size() < 14 || !all_digits(v.substr(0, 14))) return false;
    const int month = two_digits(v, 4), day = two_digits(v, 6);
    if (month < 1 || month > 12 || day < 1 || day > 31 || two_digits(v, 8) > 23 ||
        two_digits(v, 10) > 59 || two_digits(v, 12) > 60)
        return false;
    const char iso[] = {v[0], v[1], v[2], v[3], '-',   v[4],  v[5], '-',   v[6],  v[7],
                        'T',  v[8], v[9], ':',  v[10], v[11], ':',  v[12], v[13], '.'};
    const std::size_t mark = out.size();
    out.append(iso, sizeof iso);
    if (!append_millis(out, v, 14, v.size())) {
        out.resize(mark);
        return false;
    }
    return true;
}

elf_event_builder::elf_event_builder(log_file_info info, std::vector<std::string> header)
    : info_(std::move(info)) {
    keys_.reserve(header.size());
    for (const std::string& column : header) {
        std::string key;
        key_members_.push_back(util::append_member_key(key, column));
        keys_bytes_ += key.size() + 1;
        keys_.push_back(std::move(key));
    }
    origin_ = std::make_shared<const event_origin>(
        event_origin{"EventLogFile", info_.event_type, info_.org_id, info_.log_file_id});
    init_id_columns(header);
    timestamp_col_ = column_of(header, "TIMESTAMP");
    derived_col_ = column_of(header, "TIMESTAMP_DERIVED");

    append_field(sfc_fixed_, "org_id", info_.org_id);
    sfc_fixed_ += R"(,"source":"EventLogFile")";
    append_field(sfc_fixed_, "event_type", info_.event_type);
    append_field(sfc_fixed_, "log_file_id", info_.log_file_id);
    append_field(sfc_fixed_, "interval", info_.interval);
    sfc_fixed_ += R"(,"sequence":)";
    sfc_fixed_ += std::to_string(info_.sequence);
    append_field(sfc_fixed_, "log_date", info_.log_date);
    append_field(sfc_fixed_, "created_date", info_.created_date);
}

void elf_event_builder::init_id_columns(const std::vector<std::string>& header) {
    util::stable_id_hasher::encode(id_prefix_, info_.org_id);
    util::stable_id_hasher::encode(id_prefix_, info_.event_type);
    // Sorted by name, so the column order of a file does not matter; stable, so a (malformed)
    // repeated name keeps its cells in file order.
    for (std::size_t col = 0; col < header.size(); ++col) {
        std::string name;
        util::stable_id_hasher::encode(name, header[col]);
        id_columns_.emplace_back(col, std::move(name));
    }
    std::stable_sort(id_columns_.begin(), id_columns_.end(), [&](const auto& a, const auto& b) {
        return header[a.first] < header[b.first];
    });
}

std::string elf_event_builder::content_id(const csv_rows& rows, std::size_t record) {
    const std::size_t cells = rows.field_count(record);
    hasher_.add_encoded(id_prefix_);
    for (const auto& [col, name] : id_columns_) {
        if (col >= cells) continue;
        const std::string_view value = rows.field(record, col);
        if (value.empty()) continue;  // empty and missing are the same: no value
        hasher_.add_encoded(name);
        hasher_.add(value);
    }
    // Cells beyond the header have no name; their position is all there is. The marker keeps
    // them apart from a header column of the same text.
    for (std::size_t col = keys_.size(); col < cells; ++col) {
        const std::string_view value = rows.field(record, col);
        if (value.empty()) continue;
        hasher_.add("\x1f_extra_" + std::to_string(col - keys_.size() + 1));
        hasher_.add(value);
    }
    return hasher_.finish();
}

// TIMESTAMP_DERIVED first: real orgs fill it with the exact instant, while TIMESTAMP may lack
// the milliseconds or be a few off (as Elastic's integration also prefers it).
void elf_event_builder::append_timestamp(sfc::event& ev,
                                         const csv_rows& rows,
                                         std::size_t record) const {
    std::string& json = ev.json;
    const std::size_t cells = rows.field_count(record);
    const std::size_t mark = json.size();
    json += R"(,"timestamp":")";
    const std::size_t at = json.size();
    if ((derived_col_ < cells && append_iso_derived(json, rows.field(record, derived_col_))) ||
        (timestamp_col_ < cells &&
         append_iso_timestamp(json, rows.field(record, timestamp_col_)))) {
        const auto instant = util::parse_iso8601(std::string_view(json).substr(at));
        if (instant) ev.epoch_ms = instant->epoch_ms();
        json.push_back('"');
    } else {
        json.resize(mark);
    }
}

json_member elf_event_builder::append_key(std::string& json, std::size_t col) const {
    if (col < keys_.size()) {
        json_member m = key_members_[col];
        m.key_at += static_cast<std::uint32_t>(json.size());
        json += keys_[col];
        return m;
    }
    std::string name = "_extra_";
    append_uint(name, col - keys_.size() + 1);
    return util::append_member_key(json, name);
}

sfc::event elf_event_builder::build(const csv_rows& rows, std::size_t record, std::uint64_t row) {
    sfc::event ev;
    ev.id = content_id(rows, record);
    ev.origin = origin_;
    ev.row = row;

    const std::size_t cells = rows.field_count(record);
    std::string& json = ev.json;
    // Cells plus quotes and a little escaping, keys, and the metadata object.
    json.reserve(keys_bytes_ + sfc_fixed_.size() + rows.record_bytes(record) + 3 * cells + 200);
    json.push_back('{');
    ev.members.reserve(cells);
    for (std::size_t col = 0; col < cells; ++col) {
        json_member m = append_key(json, col);
        util::append_member_string(json, m, rows.field(record, col));
        ev.members.push_back(m);
        json.push_back(',');
    }
    json += R"("sfc":{"event_id":")";
    json += ev.id;
    json.push_back('"');
    json += sfc_fixed_;
    json += R"(,"row":)";
    append_uint(json, row);
    append_timestamp(ev, rows, record);
    json += "}}";
    return ev;
}

}  // namespace sfc::parse
