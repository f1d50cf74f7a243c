#include "fake_salesforce/sobject_tables.hpp"

#include "fake_salesforce/sf_ids.hpp"
#include "fake_salesforce/sobject_schemas.hpp"
#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

namespace sfc::test::fake_sf {
namespace {

// EventLogFile's fields (§4.1), in describe order.
record_table event_log_file_table(const fake_state& state, std::string_view api_version) {
    record_table t;
    t.object = "EventLogFile";
    using ft = field_type;
    t.fields = {{"Id", ft::id},
                {"IsDeleted", ft::boolean},
                {"CreatedDate", ft::datetime},
                {"CreatedById", ft::id},
                {"LastModifiedDate", ft::datetime},
                {"LastModifiedById", ft::id},
                {"SystemModstamp", ft::datetime},
                {"EventType", ft::string},
                {"LogDate", ft::datetime},
                {"LogFileLength", ft::floating},
                {"LogFileContentType", ft::string},
                {"ApiVersion", ft::floating},
                {"Sequence", ft::integer},
                {"Interval", ft::string},
                {"LogFileFieldNames", ft::string},
                {"LogFileFieldTypes", ft::string},
                {"LogFile", ft::string}};
    t.id_field = 0;
    const std::string creator = hashed_id("005", "automated-process");
    for (const auto& [id, entry] : state.files) {
        const log_file_info& f = entry.info;
        t.rows.push_back(
            {id,
             false,
             f.created_date,
             creator,
             f.created_date,
             creator,
             f.created_date,
             f.event_type,
             f.log_date,
             double(f.length),
             std::string("CSV"),
             60.0,
             std::int64_t(f.sequence),
             f.interval,
             entry.field_names,
             entry.field_types,
             fmt::format("/services/data/v{}/sobjects/EventLogFile/{}/LogFile", api_version, id)});
    }
    return t;
}

field_type type_of(const field_value& v) {
    switch (v.index()) {
        case 2:
            return field_type::floating;
        case 3:
            return field_type::integer;
        case 4:
            return field_type::boolean;
        case 5:
            return field_type::datetime;
        default:
            return field_type::string;
    }
}

// Fields are the object's schema when the fake knows it (record fields outside it do not exist,
// as in Salesforce); otherwise the union of the records' fields, typed by their first non-null
// value.
record_table generic_table(std::string_view object, const std::vector<sobject_record>& records) {
    record_table t;
    t.object = std::string(object);
    const auto schema = known_schema(object);
    for (const auto& f : schema) t.fields.push_back({std::string(f.name), f.type});
    if (schema.empty()) t.fields.push_back({"Id", field_type::id});
    auto index_of = [&](const std::string& name,
                        const field_value& v) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < t.fields.size(); ++i) {
            if (!iequals(t.fields[i].name, name)) continue;
            if (schema.empty() && i > 0 && v.index() != 0 &&
                t.fields[i].type == field_type::string) {
                t.fields[i].type = type_of(v);
            }
            return i;
        }
        if (!schema.empty()) return std::nullopt;
        t.fields.push_back({name, type_of(v)});
        return t.fields.size() - 1;
    };
    std::vector<std::vector<std::pair<std::size_t, field_value>>> cells;
    for (const auto& record : records) {
        auto& row = cells.emplace_back();
        for (const auto& [name, value] : record.fields) {
            if (const auto i = index_of(name, value)) row.emplace_back(*i, value);
        }
    }
    for (const auto& row : cells) {
        auto& out = t.rows.emplace_back(t.fields.size());
        for (const auto& [i, value] : row) out[i] = value;
    }
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
        if (t.fields[i].name == "Id") t.id_field = i;
    }
    return t;
}

}  // namespace

std::optional<record_table> table_for(const fake_state& state,
                                      std::string_view object,
                                      std::string_view api_version) {
    if (iequals(object, "EventLogFile")) return event_log_file_table(state, api_version);
    for (const auto& [type, records] : state.records) {
        if (iequals(type, object)) return generic_table(type, records);
    }
    return std::nullopt;
}

}  // namespace sfc::test::fake_sf
