#include "fake_salesforce/query_endpoint.hpp"

#include "fake_salesforce/big_object_rules.hpp"
#include "fake_salesforce/sf_ids.hpp"
#include "fake_salesforce/sf_time.hpp"
#include "fake_salesforce/sobject_schemas.hpp"
#include "fake_salesforce/sobject_tables.hpp"
#include "fake_salesforce/soql_parser.hpp"
#include "fake_salesforce/text_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace sfc::test::fake_sf {
namespace {

constexpr std::size_t max_cursors = 1000;

// "Sforce-Query-Options: batchSize=1000": clamped to [200, 2000] as documented.
std::size_t batch_size(const fake_state& state, const http_request& request) {
    std::size_t size = std::size_t(std::max(state.options.default_batch_size, 1));
    const std::string options = request.header("Sforce-Query-Options");
    const std::size_t at = to_lower(options).find("batchsize=");
    if (at != std::string::npos) {
        const char* begin = options.data() + at + 10;
        std::size_t n = 0;
        if (std::from_chars(begin, options.data() + options.size(), n).ec == std::errc{}) {
            size = std::clamp<std::size_t>(n, 200, 2000);
        }
    }
    return size;
}

http_reply query_error(fake_state& state, std::string_view code, std::string_view message) {
    ++state.stats.query_errors;
    return json_reply(400, rest_error_body(code, message));
}

// One page: records [offset, offset + batch) of the snapshot.
std::string page_json(std::size_t total,
                      const std::vector<std::string>& records,
                      std::size_t offset,
                      std::size_t batch,
                      std::string_view next_url) {
    const std::size_t end = std::min(records.size(), offset + batch);
    std::string out = fmt::format(
        "{{\"totalSize\":{},\"done\":{}", total, end < records.size() ? "false" : "true");
    if (end < records.size()) out += fmt::format(",\"nextRecordsUrl\":{}", json_string(next_url));
    out += ",\"records\":[";
    for (std::size_t i = offset; i < end; ++i) {
        if (i > offset) out += ',';
        out += records[i];
    }
    out += "]}";
    return out;
}

std::string next_url(std::string_view version, std::string_view locator, std::size_t offset) {
    return fmt::format("/services/data/v{}/query/{}-{}", version, locator, offset);
}

}  // namespace

http_reply handle_query(fake_state& state,
                        const http_request& request,
                        std::string_view api_version) {
    std::string soql;
    bool has_q = false;
    for (auto& [name, value] : parse_params(request.query())) {
        if (name == "q") soql = std::move(value), has_q = true;
    }
    if (!has_q || soql.empty()) {
        return query_error(state, "MALFORMED_QUERY", "A query string has to be specified");
    }
    state.stats.soql.push_back(soql);
    query_result result;
    try {
        const soql_query q = parse_soql(soql, to_ms(state.now()));
        auto table = table_for(state, q.object.name, api_version);
        if (!table) {
            throw soql_error(
                "INVALID_TYPE",
                soql_error_message(soql,
                                   q.object.column,
                                   fmt::format("sObject type '{}' is not supported. If you are "
                                               "attempting to use a custom object, be sure to "
                                               "append the '__c' after the entity name. Please "
                                               "reference your WSDL or the describe call for the "
                                               "appropriate names.",
                                               q.object.name)));
        }
        if (is_big_object(table->object)) {
            check_big_object_query(q, table->object);
            shuffle_ties(*table, std::uint64_t(state.stats.queries));
        }
        result = run_soql(q, *table, soql, api_version);
    } catch (const soql_error& e) {
        return query_error(state, e.code(), e.what());
    }
    const std::size_t batch = batch_size(state, request);
    std::string locator;
    if (result.records.size() > batch) {
        locator = sequential_id("01g", state.next_locator++);
        if (state.cursors.size() >= max_cursors) state.cursors.erase(state.cursors.begin());
        state.cursors[locator] = {result.records, batch};
    }
    ++state.stats.queries;
    return json_reply(
        200,
        page_json(
            result.total_size, result.records, 0, batch, next_url(api_version, locator, batch)));
}

http_reply handle_query_more(fake_state& state,
                             std::string_view locator_and_offset,
                             std::string_view api_version) {
    const std::size_t dash = locator_and_offset.rfind('-');
    const std::string locator(locator_and_offset.substr(0, dash));
    std::size_t offset = 0;
    state.expire_locator_if_due(locator);
    const auto it = state.cursors.find(locator);
    const std::string_view digits =
        dash == std::string_view::npos ? std::string_view{} : locator_and_offset.substr(dash + 1);
    const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
    if (it == state.cursors.end() || digits.empty() || parsed.ec != std::errc{} ||
        parsed.ptr != digits.data() + digits.size() || offset > it->second.records.size()) {
        return query_error(state, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }
    const query_cursor& cursor = it->second;
    state.page_served();
    return json_reply(200,
                      page_json(cursor.records.size(),
                                cursor.records,
                                offset,
                                cursor.batch_size,
                                next_url(api_version, locator, offset + cursor.batch_size)));
}

}  // namespace sfc::test::fake_sf
