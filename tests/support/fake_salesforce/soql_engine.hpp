#pragma once
// Runs a parsed SOQL query over an in-memory table of records: checks fields and literal types
// the way Salesforce reports them, filters, orders, applies OFFSET/LIMIT and renders each record
// as REST JSON (attributes first, datetimes as 2024-03-11T15:00:00.000+0000, doubles as 2692.0).

#include "fake_salesforce/fake_salesforce.hpp"
#include "fake_salesforce/soql_parser.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace sfc::test::fake_sf {

enum class field_type { id, string, datetime, integer, floating, boolean };

struct field_def {
    std::string name;
    field_type type;
};

/// One sObject type's records; rows hold values in `fields` order.
struct record_table {
    std::string object;
    std::vector<field_def> fields;
    std::vector<std::vector<field_value>> rows;
    std::size_t id_field = 0;  ///< index of "Id", for attributes.url
};

struct query_result {
    std::size_t total_size = 0;
    std::vector<std::string> records;  ///< rendered JSON objects
};

/// query_text is used in error messages; api_version ("60.0") in attributes.url.
/// Throws soql_error (INVALID_FIELD...).
query_result run_soql(const soql_query& query,
                      const record_table& table,
                      std::string_view query_text,
                      std::string_view api_version);

}  // namespace sfc::test::fake_sf
