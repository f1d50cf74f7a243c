// `objects:`: SOQL objects collected as events. A known object is one word (`- LoginHistory`);
// anything else, or a known object with other fields or a filter, is a mapping.

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "config/duration.hpp"
#include "config/object_catalog.hpp"
#include "config/sections.hpp"
#include "config/soql_names.hpp"
#include "config/suggest.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view object_keys[] = {
    "object", "name", "fields", "cursor_field", "id_field", "where", "big_object", "settle"};

std::vector<std::string_view> known_names() {
    std::vector<std::string_view> out;
    for (const auto& known : known_objects()) out.push_back(known.name);
    return out;
}

std::string known_names_text() {
    std::string out;
    for (auto name : known_names()) {
        if (!out.empty()) out += ", ";
        out.append(name);
    }
    return out;
}

/// "did you mean ...?" when `name` looks like a slip on a catalogue name, else `otherwise`.
std::string suggest_known(std::string_view name, std::string_view otherwise) {
    auto names = known_names();
    if (auto near = closest_name(name, names)) return "did you mean '" + std::string(*near) + "'?";
    return std::string(otherwise);
}

std::string check_source_name(const std::string& name) {
    return check_plain_name(name, "a name", "login-failures");
}

/// `- LoginHistory`: a catalogue object with every default.
object_source_config read_known(const yaml_reader& reader, const field& item) {
    auto known = reader.read_as(item, [](const std::string& text) {
        const known_object* found = find_known_object(check_object_name(text));
        if (found == nullptr) {
            throw value_error("not a built-in object",
                              suggest_known(text,
                                            "the built-in objects are " + known_names_text() +
                                                "; for another object write a mapping with "
                                                "object:, fields: and cursor_field:"));
        }
        return found;
    });
    if (!known) reader.fail(item, "the object name is empty", "remove the empty item");
    return defaults_for(**known);
}

std::vector<std::string> read_fields(const yaml_reader& reader, const field& at) {
    auto items = reader.read_list(at);
    if (items.empty()) {
        reader.fail(
            at, "the list is empty", "list the fields to select, e.g. [Id, CreatedDate, Action]");
    }
    std::vector<std::string> fields;
    std::set<std::string, std::less<>> seen;
    for (const auto& item : items) {
        auto name = reader.read_as(item, check_field_name);
        if (!name) reader.fail(item, "the field name is empty", "remove the empty item");
        if (!seen.insert(lower_ascii(*name)).second) {
            reader.fail(item, "the field is listed twice", "remove the repeat");
        }
        fields.push_back(*name);
    }
    return fields;
}

/// The optional keys that shape the query, over the catalogue's defaults in `out`.
void read_query(const yaml_reader& reader, const mapping& item, object_source_config& out) {
    if (auto at = item.find("fields")) out.fields = read_fields(reader, *at);
    reader.read_into(item, "cursor_field", check_field_name, out.cursor_field);
    reader.read_into(item, "id_field", check_field_name, out.id_field);
    reader.read_into(item, "where", check_where, out.where);
    reader.read_into(item, "settle", parse_settle, out.settle);
    if (auto at = item.find("big_object")) {
        bool big = reader.read_bool(*at).value_or(out.kind == object_kind::big_object);
        out.kind = big ? object_kind::big_object : object_kind::standard;
    }
}

/// The cursor and the id are read from every record, so they are always selected.
void select_cursor_and_id(object_source_config& out) {
    for (const std::string& needed : {out.cursor_field, out.id_field}) {
        bool listed = std::any_of(out.fields.begin(), out.fields.end(), [&](const auto& name) {
            return equal_ignoring_case(name, needed);
        });
        if (!listed) out.fields.push_back(needed);
    }
}

object_source_config read_mapped(const yaml_reader& reader, const field& item) {
    mapping entry = reader.read_mapping(item, object_keys);
    auto object_at = entry.find("object");
    auto object = object_at ? reader.read_as(*object_at, check_object_name) : std::nullopt;
    if (!object) {
        reader.fail(object_at ? object_at->line : item.line,
                    item.name + ".object",
                    "required value is missing",
                    "write object: with the API name, e.g. object: LoginHistory");
    }
    const known_object* known = find_known_object(*object);
    if (known == nullptr && !(entry.find("fields") && entry.find("cursor_field"))) {
        reader.fail(*object_at,
                    "not a built-in object, so fields: and cursor_field: are required",
                    suggest_known(*object,
                                  "list fields: and cursor_field: (a dateTime field such as "
                                  "CreatedDate); the objects: example in "
                                  "config/sfcollector.yaml lists the built-in ones"));
    }
    object_source_config out = known ? defaults_for(*known) : object_source_config{};
    if (!known) out.name = out.object = *object;
    read_query(reader, entry, out);
    reader.read_into(entry, "name", check_source_name, out.name);
    select_cursor_and_id(out);
    return out;
}

object_source_config read_object(const yaml_reader& reader, const field& item) {
    if (item.node.IsMap()) return read_mapped(reader, item);
    if (item.node.IsScalar()) return read_known(reader, item);
    reader.fail(item,
                "expected an object name or a mapping",
                "write '- LoginHistory', or '- object: MyAudit__c' with fields: and "
                "cursor_field: below it");
}

/// The name keys the object's cursor file, so two sources with one name would share a cursor.
/// Compared ignoring case: the state folder may be on a case-insensitive file system.
void check_unique_names(const yaml_reader& reader,
                        const std::vector<field>& items,
                        const std::vector<object_source_config>& objects) {
    std::map<std::string, std::size_t, std::less<>> seen;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        auto [first, inserted] = seen.try_emplace(lower_ascii(objects[i].name), i);
        if (inserted) continue;
        std::optional<field> name_at;
        if (items[i].node.IsMap())
            name_at = reader.read_mapping(items[i], object_keys).find("name");
        const field& earlier = items[first->second];
        reader.fail(name_at ? name_at->line : items[i].line,
                    items[i].name,
                    "the name '" + objects[i].name + "' is also used by " + earlier.name +
                        " (line " + std::to_string(earlier.line) + ")",
                    "give each a name: of its own (to collect one object twice, e.g. with "
                    "different where: conditions) or remove the repeat");
    }
}

}  // namespace

std::vector<object_source_config> read_objects(const yaml_reader& reader, const field& at) {
    auto items = reader.read_list(at);
    std::vector<object_source_config> objects;
    for (const auto& item : items) objects.push_back(read_object(reader, item));
    check_unique_names(reader, items, objects);
    return objects;
}

}  // namespace sfc::config
