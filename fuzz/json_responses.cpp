// libFuzzer target: every handler of a JSON (or header) answer from a peer. Byte 0 picks the
// handler, the rest is the body. Each must return or throw its documented exception, never
// crash, and keep its promises: one-line error texts, indices inside the batch, valid event JSON.

#include <simdjson.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "auth/oauth_error.hpp"
#include "auth/token_response.hpp"
#include "salesforce/elf_record.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/limit_info.hpp"
#include "salesforce/org_limits.hpp"
#include "salesforce/soql.hpp"
#include "sinks/es_bulk.hpp"
#include "sinks/hec_ack.hpp"
#include "sinks/hec_response.hpp"
#include "sources/object_event.hpp"

namespace {

[[noreturn]] void violated(const char* what) {
    std::fprintf(stderr, "json_responses: %s\n", what);
    std::abort();
}

void one_line(std::string_view text, const char* what) {
    if (text.find_first_of("\r\n") != std::string_view::npos) violated(what);
}

bool parses(std::string_view json) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    return parser.parse(json.data(), json.size()).get(doc) == simdjson::SUCCESS;
}

// A REST error body (query, limits, LogFile), as rest_client reads it.
void api_error_body(unsigned status, std::string_view body) {
    auto info = sfc::salesforce::parse_api_error(status, body);
    sfc::salesforce::classify_error(info);
    const sfc::salesforce::api_error e("https://x.my.salesforce.com",
                                       "GET",
                                       "/services/data/v64.0/query?q=SELECT",
                                       std::move(info));
    one_line(e.what(), "api_error::what() spans lines");
}

// One query record, both ways the collector reads one.
void query_record(std::string_view body) {
    try {
        sfc::salesforce::parse_elf_record(body);
    } catch (const std::runtime_error&) {
    }
    sfc::sources::object_event_builder builder(
        {"00D5j00000DgAYGEA3", "LoginEvent", "LoginEvent", "EventDate", "EventIdentifier"});
    try {
        const auto rec = builder.build(body);
        // Numbers keep their text, so an integer beyond 64 bits (valid JSON, refused by
        // simdjson's DOM) passes through as it came: only a readable record must give a
        // readable event.
        if (parses(body) && !parses(rec.event.json)) violated("object event is not valid JSON");
        if (!rec.cursor.empty() && !sfc::salesforce::parse_sf_datetime(rec.cursor)) {
            violated("object cursor is not a datetime literal");
        }
    } catch (const std::runtime_error&) {
    }
    if (const auto literal = sfc::salesforce::soql_datetime_from_sf(body)) {
        if (!sfc::salesforce::parse_sf_datetime(*literal)) violated("soql literal unreadable");
    }
}

void oauth(unsigned status, std::string_view body) {
    const auto e = sfc::auth::make_oauth_error("https://login.salesforce.com", status, body);
    one_line(e.what(), "oauth_error::what() spans lines");
    const auto cc = sfc::auth::make_oauth_error(
        "https://x.my.salesforce.com", status, body, sfc::auth::grant_flow::client_credentials);
    one_line(cc.what(), "oauth_error::what() spans lines");
    one_line(sfc::auth::without_secret(cc, "s3cr3t/+=").what(), "without_secret spans lines");
}

void es_bulk_body(std::size_t batch, std::string_view body) {
    sfc::sinks::es_bulk::response_reader reader;
    const auto out = reader.read(body, batch);
    one_line(out.problem, "es_bulk problem spans lines");
    for (const std::size_t i : out.retry) {
        if (i >= batch) violated("es_bulk retry index outside the batch");
    }
    for (const auto& r : out.rejected) {
        if (r.index >= batch) violated("es_bulk rejection outside the batch");
        one_line(r.reason, "es_bulk rejection reason spans lines");
    }
    if (out.complete &&
        out.accepted + out.duplicates + out.retry.size() + out.rejected.size() != batch) {
        violated("es_bulk outcome does not add up to the batch");
    }
    sfc::sinks::es_bulk::error_summary(body);
}

void hec_body(unsigned status, std::size_t batch, std::string_view body) {
    const auto reply = sfc::sinks::parse_hec_reply(body);
    const sfc::sinks::hec_reply_context context{
        "splunk_hec:https://splunk:8088", "main", "file /etc/sfcollector/hec.token", true};
    const auto result =
        sfc::sinks::interpret_hec_reply(status, reply, batch, context, std::nullopt);
    one_line(result.detail, "hec detail spans lines");
    for (const auto& r : result.rejected) {
        if (r.index >= batch) violated("hec rejection outside the batch");
        one_line(r.reason, "hec rejection reason spans lines");
    }
    for (const std::size_t i : result.retry) {
        if (i >= batch) violated("hec retry index outside the batch");
    }
    one_line(sfc::sinks::hec_one_line(body), "hec_one_line spans lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint8_t pick = data[0];
    const unsigned status = 200 + static_cast<unsigned>(data[1]) * 2;  // 200-710
    const std::size_t batch = data[1] % 8;
    const std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
    switch (pick % 9) {
        case 0:
            api_error_body(status, body);
            break;
        case 1:
            query_record(body);
            break;
        case 2:
            sfc::auth::parse_token_response(body);
            break;
        case 3:
            oauth(status, body);
            break;
        case 4:
            try {
                sfc::salesforce::parse_org_limits(body);
            } catch (const sfc::salesforce::limits_format_error&) {
            }
            break;
        case 5:
            if (const auto usage = sfc::salesforce::parse_limit_info(body)) {
                (void)usage->used;
            }
            break;
        case 6:
            es_bulk_body(batch, body);
            break;
        case 7:
            hec_body(status, batch, body);
            break;
        case 8:
            sfc::sinks::parse_hec_ack_status(body, data[1]);
            break;
    }
    return 0;
}
