#pragma once
// A small SOQL parser: SELECT fields | COUNT() | FIELDS(ALL), FROM, WHERE with AND/OR/NOT and
// parentheses, comparisons (= != <> < <= > >=), [NOT] IN (...), [NOT] LIKE, string, number,
// boolean, null, datetime and date literals (TODAY, YESTERDAY, LAST_N_DAYS:n, ...), ORDER BY
// with ASC/DESC and NULLS FIRST/LAST, LIMIT and OFFSET. Errors carry Salesforce's codes and
// message shape (the query, a caret under the column, "ERROR at Row:1:Column:N").

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {

/// A failed query: errorCode (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE...) and message.
class soql_error : public std::runtime_error {
public:
    soql_error(std::string code, std::string message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string& code() const { return code_; }

private:
    std::string code_;
};

/// "\n<query>\n<spaces>^\nERROR at Row:1:Column:<column>\n<text>".
std::string soql_error_message(std::string_view query, std::size_t column, std::string_view text);

struct soql_literal {
    enum class type { null, string, number, datetime, date_range, boolean };
    type t = type::null;
    std::string text;  ///< as written (strings: unescaped)
    double number = 0;
    std::int64_t ms = 0;      ///< datetime; date_range: start
    std::int64_t end_ms = 0;  ///< date_range: end (exclusive)
    bool boolean = false;
    std::size_t column = 0;
};

enum class cmp_op { eq, ne, lt, le, gt, ge, in, not_in, like, not_like };

struct soql_condition {
    enum class kind { and_, or_, not_, compare };
    kind k = kind::compare;
    std::vector<soql_condition> children;  ///< and_, or_, not_
    std::string field;                     ///< compare
    std::size_t field_column = 0;
    cmp_op op = cmp_op::eq;
    std::vector<soql_literal> values;  ///< one, or the IN list
};

struct soql_field_ref {
    std::string name;
    std::size_t column = 0;
};

struct soql_order {
    soql_field_ref field;
    bool descending = false;
    bool nulls_first = true;
};

struct soql_query {
    std::vector<soql_field_ref> fields;
    bool count_only = false;  ///< SELECT COUNT()
    bool all_fields = false;  ///< SELECT FIELDS(ALL|STANDARD|CUSTOM)
    soql_field_ref object;
    std::optional<soql_condition> where;
    std::vector<soql_order> order_by;
    std::optional<std::size_t> limit;
    std::optional<std::size_t> offset;
};

/// Parses text; date literals resolve against now_ms (UTC days). Throws soql_error.
soql_query parse_soql(std::string_view text, std::int64_t now_ms);

}  // namespace sfc::test::fake_sf
