#include "salesforce/object_query.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "http/text.hpp"
#include "salesforce/soql.hpp"

namespace sfc::salesforce {
namespace {

using http::detail::iequals;  // ASCII, as SOQL names are

[[noreturn]] void refuse(const object_select& s, const std::string& what) {
    throw std::invalid_argument("query on " + (s.object.empty() ? "<no object>" : s.object) + ": " +
                                what);
}

void check_name(const object_select& s, std::string_view name, const char* role) {
    if (!is_soql_identifier(name)) {
        refuse(s, std::string(role) + " '" + std::string(name) + "' is not a SOQL name");
    }
}

std::string literal(const object_select& s, std::string_view value, const char* role) {
    auto normalised = soql_datetime_from_sf(value);
    if (!normalised) refuse(s, std::string(role) + " '" + std::string(value) + "' is no datetime");
    return *normalised;
}

// "SELECT a, b FROM X": the cursor and id fields first when the list lacks them, each field
// once (Salesforce refuses a duplicate).
std::string select_from(const object_select& s) {
    check_name(s, s.object, "object");
    check_name(s, s.cursor_field, "cursor field");
    check_name(s, s.id_field, "id field");
    std::vector<std::string_view> fields;
    auto add = [&](std::string_view f) {
        check_name(s, f, "field");
        const bool seen = std::any_of(
            fields.begin(), fields.end(), [&](std::string_view g) { return iequals(f, g); });
        if (!seen) fields.push_back(f);
    };
    auto listed = [&](std::string_view f) {
        return std::any_of(
            s.fields.begin(), s.fields.end(), [&](const std::string& g) { return iequals(f, g); });
    };
    if (!listed(s.cursor_field)) add(s.cursor_field);
    if (!listed(s.id_field)) add(s.id_field);
    for (const auto& f : s.fields) add(f);
    std::string out = "SELECT ";
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out += ", ";
        out += fields[i];
    }
    return out + " FROM " + s.object;
}

std::string cursor_condition(const object_select& s, const standard_bounds& b) {
    const std::string& c = s.cursor_field;
    if (b.after_cursor && b.after_id) {
        const std::string t = literal(s, *b.after_cursor, "cursor");
        return "(" + c + " > " + t + " OR (" + c + " = " + t + " AND " + s.id_field + " > " +
               soql_quote(*b.after_id) + "))";
    }
    if (b.since) return c + " >= " + literal(s, *b.since, "since");
    refuse(s, "neither a cursor nor a start time");
}

}  // namespace

bool is_soql_identifier(std::string_view name) {
    bool part_start = true;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '.') {
            if (part_start) return false;
            part_start = true;
            continue;
        }
        if (!std::isalnum(c) && ch != '_') return false;
        if (part_start && std::isdigit(c)) return false;
        part_start = false;
    }
    return !name.empty() && !part_start;
}

std::string build_standard_query(const object_select& select, const standard_bounds& bounds) {
    std::string soql = select_from(select) + " WHERE " + cursor_condition(select, bounds);
    if (!select.where.empty()) soql += " AND (" + select.where + ")";
    return soql + " ORDER BY " + select.cursor_field + " ASC, " + select.id_field + " ASC";
}

std::string build_big_object_query(const object_select& select,
                                   std::string_view lo,
                                   std::string_view hi) {
    if (!select.where.empty()) {
        refuse(select,
               "big objects can be filtered on " + select.cursor_field +
                   " only; remove "
                   "`where:`");
    }
    const std::string& c = select.cursor_field;
    return select_from(select) + " WHERE " + c + " >= " + literal(select, lo, "window start") +
           " AND " + c + " <= " + literal(select, hi, "window end") + " ORDER BY " + c + " DESC";
}

}  // namespace sfc::salesforce
