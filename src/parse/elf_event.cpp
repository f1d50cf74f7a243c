#include "parse/elf_event.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

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

// Appends `iso` ("YYYY-MM-DDThh:mm:ss", an optional fraction, 'Z') with exactly three fraction
// digits, and returns its instant; nullopt and nothing appended unless the one ISO 8601 reader
// takes it and it is in UTC.
std::optional<std::int64_t> append_utc_millis(std::string& out, std::string_view iso) {
    if (iso.empty() || iso.back() != 'Z') return std::nullopt;
    const auto instant = util::parse_iso8601(iso);
    if (!instant) return std::nullopt;
    out.append(iso.substr(0, 19));
    out.push_back('.');
    const std::string_view fraction =
        iso.size() > 21 ? iso.substr(20, iso.size() - 21) : std::string_view();
    for (std::size_t k = 0; k < 3; ++k) out.push_back(k < fraction.size() ? fraction[k] : '0');
    out.push_back('Z');
    return instant->epoch_ms();
}

// TIMESTAMP_DERIVED: UTC, a fraction of 0-9 digits.
std::optional<std::int64_t> append_derived(std::string& out, std::string_view v) {
    return append_utc_millis(out, v);
}

// TIMESTAMP: "YYYYMMDDhhmmss", then optionally '.' and 1-9 fraction digits.
std::optional<std::int64_t> append_compact(std::string& out, std::string_view v) {
    // A fraction has at most 9 digits, so the ISO form fits in `iso`.
    if (v.size() < 14 || v.size() > 24 || !all_digits(v.substr(0, 14))) return std::nullopt;
    char iso[32] = "0000-00-00T00:00:00";
    constexpr std::size_t digit_at[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
    for (std::size_t k = 0; k < 14; ++k) iso[digit_at[k]] = v[k];
    const std::string_view rest = v.substr(14);
    rest.copy(iso + 19, rest.size());
    iso[19 + rest.size()] = 'Z';
    return append_utc_millis(out, std::string_view(iso, 20 + rest.size()));
}

}  // namespace

bool append_iso_derived(std::string& out, std::string_view v) {
    return append_derived(out, v).has_value();
}

bool append_iso_timestamp(std::string& out, std::string_view v) {
    return append_compact(out, v).has_value();
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
    std::optional<std::int64_t> ms;
    if (derived_col_ < cells) ms = append_derived(json, rows.field(record, derived_col_));
    if (!ms && timestamp_col_ < cells) {
        ms = append_compact(json, rows.field(record, timestamp_col_));
    }
    if (ms) {
        ev.epoch_ms = ms;
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
