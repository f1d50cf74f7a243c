#include "sinks/hec_response.hpp"

#include <algorithm>

#include <simdjson.h>

#include "http/status.hpp"

namespace sfc::sinks {
namespace {

constexpr std::size_t max_text = 200;

// "Invalid token (HTTP 403, code 4)"
std::string describe(unsigned status, const hec_reply& reply) {
    std::string out = reply.text.empty() ? std::string("no message") : reply.text;
    out += " (HTTP " + std::to_string(status);
    if (reply.code) out += ", code " + std::to_string(*reply.code);
    return out + ")";
}

send_result fatal(const hec_reply_context& context, std::string what) {
    return send_result::failed(send_status::fatal,
                               std::string(context.sink_name) + ": " + std::move(what));
}

bool is_event_data_code(int code) {
    return code == 6 || code == 12 || code == 13;  // invalid format, event field missing/blank
}

// Assumption (Splunk does not document it precisely; sinks.md §2.5 only names the field): HEC
// reads the events of a request in order and stops at the first bad one, so the events before
// invalid-event-number k were taken, event k is refused and the events after k were never read.
// With indexer acknowledgement nothing of a 400 is acknowledged, so the events before k are sent
// again as well (at-least-once: they may arrive twice).
send_result reject_one(std::size_t k,
                       std::size_t batch_size,
                       const std::string& why,
                       const hec_reply_context& context) {
    send_result r;
    r.rejected.push_back({k, "splunk HEC refused the event: " + why});
    for (std::size_t i = context.ack ? 0 : k + 1; i < batch_size; ++i) {
        if (i != k) r.retry.push_back(i);
    }
    r.status = r.retry.empty() ? send_status::ok : send_status::partial;
    r.detail = std::string(context.sink_name) + ": HEC refused event " + std::to_string(k) +
               " of " + std::to_string(batch_size) + ": " + why +
               "; it goes to the dead-letter file and the events after it are sent again";
    return r;
}

// Without a usable position the bad event cannot be told apart, and resending would fail the
// same way for ever: the whole batch goes to the dead-letter file, where nothing is lost.
send_result reject_all(std::size_t batch_size,
                       const std::string& why,
                       const hec_reply_context& context) {
    send_result r;
    for (std::size_t i = 0; i < batch_size; ++i) {
        r.rejected.push_back({i, "splunk HEC refused the batch without naming the event: " + why});
    }
    r.detail = std::string(context.sink_name) + ": HEC refused a batch of " +
               std::to_string(batch_size) + " events without naming the bad one: " + why +
               "; the whole batch goes to the dead-letter file";
    return r;
}

std::string config_hint(int code, const hec_reply_context& context) {
    switch (code) {
        case 5:
            return "the request reached HEC without events; this is a collector bug, please "
                   "report it";
        case 7:
            return context.index.empty()
                       ? "the token's default index does not exist; set index: for this sink"
                       : "check that index '" + std::string(context.index) +
                             "' (index) exists and is allowed for the token";
        case 10:
            return "the token requires indexer acknowledgement; set ack: true for this sink";
        case 11:
            return "HEC refused the request channel; check the token's indexer acknowledgement "
                   "settings (ack: of this sink)";
        case 14:
            return "indexer acknowledgement is disabled for the token; set ack: false for this "
                   "sink "
                   "or enable it on the token";
        case 15:
            return "HEC could not handle the indexed fields (event_id, org_id); check the "
                   "token's settings";
        case 16:
            return "HEC expects query-string authorization; the collector sends the token in "
                   "the Authorization header, so allow that on the token";
        default:
            return "check url, index and the token's settings";
    }
}

send_result bad_request(const hec_reply& reply,
                        std::size_t batch_size,
                        const hec_reply_context& context) {
    const std::string why = describe(400, reply);
    const int code = reply.code.value_or(-1);
    if (is_event_data_code(code)) {
        if (reply.invalid_event && *reply.invalid_event < batch_size) {
            return reject_one(*reply.invalid_event, batch_size, why, context);
        }
        return reject_all(batch_size, why, context);
    }
    return fatal(context, "HEC refused the request: " + why + "; " + config_hint(code, context));
}

send_result client_error(unsigned status,
                         const hec_reply& reply,
                         const hec_reply_context& context) {
    const std::string why = describe(status, reply);
    if (status == 404) {
        return fatal(context,
                     "no HEC endpoint at this address: " + why +
                         "; set url to the HEC base, e.g. https://splunk:8088");
    }
    if (status == 413) {
        return fatal(context,
                     "HEC refused the request as too large: " + why +
                         "; lower batch_max_bytes below HEC's max_content_length");
    }
    return fatal(context, "HEC refused the request: " + why + "; check url");
}

std::string first_line(std::string_view body) {
    return hec_one_line(body.substr(0, body.find_first_of("\r\n")));
}

}  // namespace

hec_reply parse_hec_reply(std::string_view body) {
    hec_reply reply;
    simdjson::dom::parser parser;
    simdjson::dom::object obj;
    if (parser.parse(body.data(), body.size()).get(obj) != simdjson::SUCCESS) {
        reply.text = first_line(body);
        return reply;
    }
    std::string_view text;
    if (obj["text"].get(text) == simdjson::SUCCESS) reply.text = hec_one_line(text);
    std::int64_t code = 0;
    if (obj["code"].get(code) == simdjson::SUCCESS) reply.code = static_cast<int>(code);
    std::uint64_t number = 0;
    if (obj["invalid-event-number"].get(number) == simdjson::SUCCESS) {
        reply.invalid_event = static_cast<std::size_t>(number);
    }
    if (obj["ackId"].get(number) == simdjson::SUCCESS) reply.ack_id = number;
    return reply;
}

send_result interpret_hec_reply(unsigned status,
                                const hec_reply& reply,
                                std::size_t batch_size,
                                const hec_reply_context& context,
                                std::optional<std::chrono::milliseconds> retry_after) {
    const auto kind = http::classify(status);
    if (kind == http::status_class::ok) return send_result::accepted();
    if (http::refuses_credentials(kind)) {
        return fatal(context,
                     "HEC token rejected: " + describe(status, reply) + "; check the token in " +
                         std::string(context.token_origin));
    }
    if (kind == http::status_class::retry) {
        const std::string why = describe(status, reply);
        auto r = send_result::failed(send_status::retry,
                                     std::string(context.sink_name) +
                                         ": HEC cannot take events now: " + why +
                                         "; sending again later");
        r.retry_after = retry_after;
        return r;
    }
    if (status == 400) return bad_request(reply, batch_size, context);
    return client_error(status, reply, context);
}

std::string hec_one_line(std::string_view text) {
    std::size_t keep = std::min(text.size(), max_text);
    // Cut on a character boundary: never in the middle of a UTF-8 sequence.
    while (keep < text.size() && keep > 0 &&
           (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) {
        --keep;
    }
    std::string out;
    for (const char c : text.substr(0, keep)) {
        out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    }
    if (keep < text.size()) out += "...";
    return out;
}

}  // namespace sfc::sinks
