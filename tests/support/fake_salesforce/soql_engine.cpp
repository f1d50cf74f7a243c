#include "fake_salesforce/soql_engine.hpp"

#include "fake_salesforce/sf_time.hpp"
#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace sfc::test::fake_sf {
namespace {

std::string_view type_name(field_type t) {
    switch (t) {
        case field_type::id:
            return "id";
        case field_type::string:
            return "string";
        case field_type::datetime:
            return "dateTime";
        case field_type::integer:
            return "int";
        case field_type::floating:
            return "double";
        case field_type::boolean:
            return "boolean";
    }
    return "string";
}

class executor {
public:
    executor(const record_table& table, std::string_view text, std::string_view version)
        : table_(table), text_(text), version_(version) {}

    query_result run(const soql_query& q) {
        std::vector<std::size_t> selected = select_columns(q);
        if (q.where) check_condition(*q.where);
        std::vector<std::pair<std::size_t, soql_order>> order;
        for (const auto& item : q.order_by) order.emplace_back(resolve(item.field), item);

        std::vector<const std::vector<field_value>*> rows;
        for (const auto& row : table_.rows) {
            if (!q.where || matches(*q.where, row)) rows.push_back(&row);
        }
        std::stable_sort(rows.begin(), rows.end(), [&](const auto* a, const auto* b) {
            for (const auto& [index, item] : order) {
                const int c = compare_for_order((*a)[index], (*b)[index], item);
                if (c != 0) return c < 0;
            }
            return false;
        });
        const std::size_t offset = std::min(q.offset.value_or(0), rows.size());
        rows.erase(rows.begin(), rows.begin() + std::ptrdiff_t(offset));
        if (q.limit && *q.limit < rows.size()) rows.resize(*q.limit);

        query_result result;
        result.total_size = rows.size();
        if (q.count_only) return result;
        for (const auto* row : rows) result.records.push_back(render(*row, selected));
        return result;
    }

private:
    [[noreturn]] void fail(std::string code, std::size_t column, std::string_view text) const {
        throw soql_error(std::move(code), soql_error_message(text_, column, text));
    }

    std::optional<std::size_t> find(std::string_view name) const {
        for (std::size_t i = 0; i < table_.fields.size(); ++i) {
            if (iequals(table_.fields[i].name, name)) return i;
        }
        return std::nullopt;
    }

    std::size_t resolve(const soql_field_ref& ref) const {
        if (const auto index = find(ref.name)) return *index;
        fail("INVALID_FIELD",
             ref.column,
             fmt::format("No such column '{}' on entity '{}'. If you are attempting to use a "
                         "custom field, be sure to append the '__c' after the custom field name. "
                         "Please reference your WSDL or the describe call for the appropriate "
                         "names.",
                         ref.name,
                         table_.object));
    }

    std::vector<std::size_t> select_columns(const soql_query& q) const {
        std::vector<std::size_t> out;
        if (q.all_fields) {
            for (std::size_t i = 0; i < table_.fields.size(); ++i) out.push_back(i);
            return out;
        }
        for (const auto& ref : q.fields) {
            const std::size_t index = resolve(ref);
            if (std::find(out.begin(), out.end(), index) != out.end()) {
                fail("MALFORMED_QUERY",
                     ref.column,
                     fmt::format("duplicate field selected: {}", table_.fields[index].name));
            }
            out.push_back(index);
        }
        return out;
    }

    void check_condition(const soql_condition& c) const {
        if (c.k != soql_condition::kind::compare) {
            for (const auto& child : c.children) check_condition(child);
            return;
        }
        const field_def& def = table_.fields[resolve({c.field, c.field_column})];
        for (const auto& lit : c.values) check_literal(def, lit);
    }

    void check_literal(const field_def& def, const soql_literal& lit) const {
        using lt = soql_literal::type;
        bool ok = lit.t == lt::null;
        bool quoted = false;
        switch (def.type) {
            case field_type::id:
            case field_type::string:
                ok |= lit.t == lt::string;
                quoted = true;
                break;
            case field_type::datetime:
                ok |= lit.t == lt::datetime || lit.t == lt::date_range;
                break;
            case field_type::integer:
            case field_type::floating:
                ok |= lit.t == lt::number;
                break;
            case field_type::boolean:
                ok |= lit.t == lt::boolean;
                break;
        }
        if (ok) return;
        fail("INVALID_FIELD",
             lit.column,
             fmt::format("value of filter criterion for field '{}' must be of type {} and should "
                         "{}be enclosed in quotes",
                         def.name,
                         type_name(def.type),
                         quoted ? "" : "not "));
    }

    bool matches(const soql_condition& c, const std::vector<field_value>& row) const {
        switch (c.k) {
            case soql_condition::kind::and_:
                return std::all_of(c.children.begin(), c.children.end(), [&](const auto& child) {
                    return matches(child, row);
                });
            case soql_condition::kind::or_:
                return std::any_of(c.children.begin(), c.children.end(), [&](const auto& child) {
                    return matches(child, row);
                });
            case soql_condition::kind::not_:
                return !matches(c.children.front(), row);
            case soql_condition::kind::compare:
                break;
        }
        const std::size_t index = *find(c.field);
        const field_value& v = row[index];
        const bool is_id = table_.fields[index].type == field_type::id;
        switch (c.op) {
            case cmp_op::in:
            case cmp_op::not_in: {
                const bool found =
                    std::any_of(c.values.begin(), c.values.end(), [&](const auto& l) {
                        return compare(v, l, is_id, cmp_op::eq);
                    });
                return c.op == cmp_op::in ? found : !found;
            }
            case cmp_op::like:
            case cmp_op::not_like: {
                const auto* s = std::get_if<std::string>(&v);
                const bool hit = s && like(*s, c.values.front().text);
                return c.op == cmp_op::like ? hit : !hit;
            }
            default:
                return compare(v, c.values.front(), is_id, c.op);
        }
    }

    static bool apply(cmp_op op, int c) {
        switch (op) {
            case cmp_op::eq:
                return c == 0;
            case cmp_op::ne:
                return c != 0;
            case cmp_op::lt:
                return c < 0;
            case cmp_op::le:
                return c <= 0;
            case cmp_op::gt:
                return c > 0;
            case cmp_op::ge:
                return c >= 0;
            default:
                return false;
        }
    }

    template <typename T>
    static int three_way(const T& a, const T& b) {
        return a < b ? -1 : (b < a ? 1 : 0);
    }

    // A field value against a literal. Null only equals null; text equality ignores case
    // except for Ids; ordering is by bytes, the same order ORDER BY uses.
    static bool compare(const field_value& v, const soql_literal& lit, bool is_id, cmp_op op) {
        using lt = soql_literal::type;
        const bool v_null = std::holds_alternative<std::monostate>(v);
        if (lit.t == lt::null || v_null) {
            const bool both = v_null && lit.t == lt::null;
            return op == cmp_op::eq ? both : op == cmp_op::ne ? !both : false;
        }
        if (const auto* s = std::get_if<std::string>(&v)) {
            if ((op == cmp_op::eq || op == cmp_op::ne) && !is_id) {
                return iequals(*s, lit.text) == (op == cmp_op::eq);
            }
            return apply(op, three_way(std::string_view(*s), std::string_view(lit.text)));
        }
        if (const auto* t = std::get_if<sf_time>(&v)) {
            const std::int64_t ms = to_ms(*t);
            if (lit.t == lt::date_range) return in_range(op, ms, lit.ms, lit.end_ms);
            return apply(op, three_way(ms, lit.ms));
        }
        if (const auto* b = std::get_if<bool>(&v)) return apply(op, three_way(*b, lit.boolean));
        const double d = std::holds_alternative<double>(v) ? std::get<double>(v)
                                                           : double(std::get<std::int64_t>(v));
        return apply(op, three_way(d, lit.number));
    }

    // Comparisons with TODAY, LAST_N_DAYS:n... mean the whole range [start, end).
    static bool in_range(cmp_op op, std::int64_t ms, std::int64_t start, std::int64_t end) {
        switch (op) {
            case cmp_op::eq:
                return ms >= start && ms < end;
            case cmp_op::ne:
                return ms < start || ms >= end;
            case cmp_op::lt:
                return ms < start;
            case cmp_op::le:
                return ms < end;
            case cmp_op::gt:
                return ms >= end;
            case cmp_op::ge:
                return ms >= start;
            default:
                return false;
        }
    }

    // SQL LIKE: % any run, _ one character, case-insensitive.
    static bool like(std::string_view s, std::string_view p) {
        if (p.empty()) return s.empty();
        if (p[0] == '%') {
            for (std::size_t i = 0; i <= s.size(); ++i) {
                if (like(s.substr(i), p.substr(1))) return true;
            }
            return false;
        }
        if (s.empty()) return false;
        if (p[0] != '_' && !iequals(s.substr(0, 1), p.substr(0, 1))) return false;
        return like(s.substr(1), p.substr(1));
    }

    static int compare_for_order(const field_value& a,
                                 const field_value& b,
                                 const soql_order& item) {
        const bool a_null = std::holds_alternative<std::monostate>(a);
        const bool b_null = std::holds_alternative<std::monostate>(b);
        if (a_null || b_null) {
            if (a_null && b_null) return 0;
            return (a_null == item.nulls_first) ? -1 : 1;  // not reversed by DESC
        }
        int c = 0;
        if (a.index() != b.index()) {
            c = three_way(a.index(), b.index());
        } else if (const auto* s = std::get_if<std::string>(&a)) {
            c = three_way(*s, std::get<std::string>(b));
        } else if (const auto* t = std::get_if<sf_time>(&a)) {
            c = three_way(*t, std::get<sf_time>(b));
        } else if (const auto* d = std::get_if<double>(&a)) {
            c = three_way(*d, std::get<double>(b));
        } else if (const auto* i = std::get_if<std::int64_t>(&a)) {
            c = three_way(*i, std::get<std::int64_t>(b));
        } else {
            c = three_way(std::get<bool>(a), std::get<bool>(b));
        }
        return item.descending ? -c : c;
    }

    std::string render(const std::vector<field_value>& row,
                       const std::vector<std::size_t>& selected) const {
        std::string out = "{\"attributes\":{\"type\":";
        append_json_string(out, table_.object);
        out += ",\"url\":";
        const auto* id = std::get_if<std::string>(&row[table_.id_field]);
        append_json_string(out,
                           fmt::format("/services/data/v{}/sobjects/{}/{}",
                                       version_,
                                       table_.object,
                                       id ? *id : std::string{}));
        out += '}';
        for (const std::size_t index : selected) {
            out += ',';
            append_json_string(out, table_.fields[index].name);
            out += ':';
            append_value(out, row[index]);
        }
        out += '}';
        return out;
    }

    static void append_value(std::string& out, const field_value& v) {
        if (const auto* s = std::get_if<std::string>(&v)) return append_json_string(out, *s);
        if (const auto* t = std::get_if<sf_time>(&v)) {
            return append_json_string(out, format_record_datetime(*t));
        }
        if (const auto* d = std::get_if<double>(&v)) {
            out += json_double(*d);
        } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
            out += std::to_string(*i);
        } else if (const auto* b = std::get_if<bool>(&v)) {
            out += *b ? "true" : "false";
        } else {
            out += "null";
        }
    }

    const record_table& table_;
    std::string_view text_;
    std::string_view version_;
};

}  // namespace

query_result run_soql(const soql_query& query,
                      const record_table& table,
                      std::string_view query_text,
                      std::string_view api_version) {
    return executor(table, query_text, api_version).run(query);
}

}  // namespace sfc::test::fake_sf
