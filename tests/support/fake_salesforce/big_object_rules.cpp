#include "fake_salesforce/big_object_rules.hpp"

#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace sfc::test::fake_sf {
namespace {

std::string_view op_text(cmp_op op) {
    switch (op) {
        case cmp_op::ne:
            return "!=";
        case cmp_op::in:
            return "IN";
        case cmp_op::not_in:
            return "NOT IN";
        case cmp_op::like:
            return "LIKE";
        case cmp_op::not_like:
            return "NOT LIKE";
        default:
            return "";
    }
}

bool filterable(std::string_view object, std::string_view field) {
    return iequals(field, "EventDate") || iequals(field, "EventIdentifier") ||
           (iequals(object, "ReportEvent") && iequals(field, "UserId"));
}

void check_condition(const soql_condition& c, std::string_view object) {
    using kind = soql_condition::kind;
    if (c.k == kind::or_ || c.k == kind::not_) {
        throw soql_error("INVALID_QUERY_FILTER_OPERATOR",
                         fmt::format("{} is not supported in a filter on the big object {}; "
                                     "combine conditions with AND",
                                     c.k == kind::or_ ? "OR" : "NOT",
                                     object));
    }
    if (c.k == kind::and_) {
        for (const auto& child : c.children) check_condition(child, object);
        return;
    }
    if (!filterable(object, c.field)) {
        throw soql_error("MALFORMED_QUERY",
                         fmt::format("field '{}' can not be filtered in a query on the big object "
                                     "{}: filter on EventDate, or EventDate and EventIdentifier",
                                     c.field,
                                     object));
    }
    if (const auto op = op_text(c.op); !op.empty()) {
        throw soql_error("INVALID_QUERY_FILTER_OPERATOR",
                         fmt::format("invalid operator {} on field '{}' of the big object {}: use "
                                     "=, <, >, <= or >=",
                                     op,
                                     c.field,
                                     object));
    }
}

}  // namespace

void check_big_object_query(const soql_query& query, std::string_view object) {
    if (query.where) check_condition(*query.where, object);
    const bool ordered_ok =
        query.order_by.empty() ||
        (query.order_by.size() == 1 && iequals(query.order_by[0].field.name, "EventDate") &&
         query.order_by[0].descending);
    if (!ordered_ok) {
        throw soql_error(
            "MALFORMED_QUERY",
            fmt::format("the big object {} can only be ordered by EventDate DESC", object));
    }
}

void shuffle_ties(record_table& table, std::uint64_t seed) {
    auto& rows = table.rows;
    if (rows.size() < 2) return;
    std::rotate(rows.begin(), rows.begin() + std::ptrdiff_t(seed * 7919 % rows.size()), rows.end());
    if (seed % 2 == 1) std::reverse(rows.begin(), rows.end());
}

}  // namespace sfc::test::fake_sf
