#include "fake_salesforce/router.hpp"

#include "fake_salesforce/info_endpoints.hpp"
#include "fake_salesforce/log_file_endpoint.hpp"
#include "fake_salesforce/query_endpoint.hpp"
#include "fake_salesforce/sf_time.hpp"
#include "fake_salesforce/text_util.hpp"
#include "fake_salesforce/token_endpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace sfc::test::fake_sf {
namespace {

constexpr std::string_view data_prefix = "/services/data/";

// The parts of /services/data/vNN.N/<rest>.
struct data_path {
    std::string_view version;  ///< "60.0"
    std::string_view rest;     ///< "query", "query/01g...-2000", "limits/", ...
};

std::optional<data_path> split_data_path(std::string_view path) {
    if (path.substr(0, data_prefix.size()) != data_prefix) return std::nullopt;
    path.remove_prefix(data_prefix.size());
    const std::size_t slash = path.find('/');
    const std::string_view v = path.substr(0, slash);
    const std::size_t dot = v.find('.');
    if (v.size() < 4 || v[0] != 'v' || dot == std::string_view::npos || dot < 2 ||
        dot + 1 == v.size() || v.find_first_not_of("0123456789.", 1) != std::string_view::npos) {
        return std::nullopt;
    }
    return data_path{v.substr(1), slash == std::string_view::npos ? "" : path.substr(slash + 1)};
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

endpoint classify(std::string_view path) {
    if (path == "/services/oauth2/token") return endpoint::token;
    if (path == "/services/data" || path == "/services/data/") return endpoint::versions;
    const auto data = split_data_path(path);
    if (!data) return endpoint::any;
    if (data->rest == "limits" || data->rest == "limits/") return endpoint::limits;
    if (data->rest == "query" || data->rest == "queryAll" || starts_with(data->rest, "query/") ||
        starts_with(data->rest, "queryAll/")) {
        return endpoint::query;
    }
    constexpr std::string_view elf = "sobjects/EventLogFile/";
    if (starts_with(data->rest, elf) && data->rest.ends_with("/LogFile") &&
        data->rest.size() > elf.size() + 8) {
        return endpoint::log_file;
    }
    return endpoint::any;
}

http_reply not_found() {
    return json_reply(404,
                      "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource "
                      "does not exist\"}]");
}

http_reply html_reply(int status, std::string_view title) {
    http_reply r;
    r.status = status;
    r.set("Content-Type", "text/html;charset=UTF-8");
    r.body = fmt::format(
        "<html><head><title>{0}</title></head><body><h1>{0}</h1><p>An error "
        "occurred while processing your request.</p></body></html>\n",
        title);
    return r;
}

http_reply fault_reply(fault_kind kind) {
    switch (kind) {
        case fault_kind::server_unavailable:
            return json_reply(503, rest_error_body("SERVER_UNAVAILABLE", "Server Unavailable"));
        case fault_kind::internal_error_html:
            return html_reply(500, "Internal Server Error");
        case fault_kind::bad_gateway_html:
            return html_reply(502, "Bad Gateway");
        case fault_kind::session_not_valid_for_rest:
            return json_reply(401,
                              rest_error_body("INVALID_SESSION_ID",
                                              "This session is not valid for use with the "
                                              "REST API"));
        case fault_kind::concurrent_limit:
            return json_reply(403,
                              rest_error_body("REQUEST_LIMIT_EXCEEDED",
                                              "ConcurrentRequests (Concurrent API Requests) "
                                              "Limit exceeded."));
        case fault_kind::server_unavailable_retry_after: {
            auto r = json_reply(503, rest_error_body("SERVER_UNAVAILABLE", "Server Unavailable"));
            r.set("Retry-After", "2");
            return r;
        }
        case fault_kind::truncated_json:
            return json_reply(200, "{\"totalSize\":3,\"done\":true,\"records\":[{\"attrib");
        case fault_kind::query_timeout:
            return json_reply(
                400,
                rest_error_body("QUERY_TIMEOUT", "Your query request was running for too long."));
        case fault_kind::stall: {
            http_reply r = json_reply(503, rest_error_body("SERVER_UNAVAILABLE", "stalled"));
            r.delay = std::chrono::hours(1);
            return r;
        }
        case fault_kind::drop_connection:
            break;
    }
    http_reply r;
    r.drop_connection = true;
    return r;
}

// The first queued fault for this endpoint, consumed.
std::optional<fault_kind> take_fault(fake_state& state, endpoint where) {
    for (auto it = state.faults.begin(); it != state.faults.end(); ++it) {
        if (it->where != endpoint::any && it->where != where) continue;
        const fault_kind kind = it->kind;
        if (--it->remaining <= 0) state.faults.erase(it);
        ++state.stats.faults_injected;
        return kind;
    }
    return std::nullopt;
}

// A fault fail_log_file() queued for the file this LogFile path names, consumed.
std::optional<fault_kind> take_file_fault(fake_state& state, std::string_view path) {
    for (auto it = state.file_faults.begin(); it != state.file_faults.end(); ++it) {
        if (path.find("/EventLogFile/" + it->first + "/") == std::string_view::npos) continue;
        const fault_kind kind = it->second.kind;
        if (--it->second.remaining <= 0) state.file_faults.erase(it);
        ++state.stats.faults_injected;
        return kind;
    }
    return std::nullopt;
}

// "Bearer <token>" (or the older "OAuth <token>") naming a live token.
bool authorized(const fake_state& state, const http_request& request) {
    const std::string auth = request.header("Authorization");
    const std::size_t space = auth.find(' ');
    if (space == std::string::npos) return false;
    const std::string scheme = auth.substr(0, space);
    if (!iequals(scheme, "Bearer") && !iequals(scheme, "OAuth")) return false;
    const auto it = state.tokens.find(auth.substr(auth.find_first_not_of(' ', space)));
    return it != state.tokens.end() && it->second.valid;
}

}  // namespace

http_reply router::handle(const http_request& request) {
    std::lock_guard lock(state_->mu);
    const endpoint where = classify(request.path());
    http_reply reply;
    std::optional<fault_kind> fault;
    if (where == endpoint::log_file) fault = take_file_fault(*state_, request.path());
    if (!fault) fault = take_fault(*state_, where);
    if (fault) {
        reply = fault_reply(*fault);
    } else {
        reply = dispatch(request, where);
    }
    reply.delay = std::max(reply.delay, state_->delay);
    // Every Salesforce answer carries the server's clock, which a client can compare with its
    // own before it signs a JWT (exp is checked against this clock).
    reply.set("Date", format_http_date(state_->now()));
    state_->record({request.method,
                    request.target,
                    reply.drop_connection ? 0 : reply.status,
                    request.header("Accept-Encoding"),
                    request.header("Sforce-Query-Options"),
                    request.header("User-Agent"),
                    std::chrono::steady_clock::now()});
    return reply;
}

http_reply router::dispatch(const http_request& request, endpoint where) {
    if (where == endpoint::token) return handle_token(*state_, request);
    if (where == endpoint::versions) return handle_versions(state_->options.newest_api_version);
    if (!split_data_path(request.path())) return not_found();

    http_reply reply;
    fake_state& st = *state_;
    if (!authorized(st, request)) {
        ++st.stats.unauthorized;
        reply =
            json_reply(401, rest_error_body("INVALID_SESSION_ID", "Session expired or invalid"));
        reply.set("WWW-Authenticate", "Token");
        return reply;
    }
    if (st.stats.api_usage >= st.api_limit) {
        reply = json_reply(
            403, rest_error_body("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
    } else {
        ++st.stats.api_usage;
        reply = data_request(request, where);
    }
    reply.set("Sforce-Limit-Info",
              fmt::format("api-usage={}/{}", st.stats.api_usage, st.api_limit));
    return reply;
}

http_reply router::data_request(const http_request& request, endpoint where) {
    const data_path data = *split_data_path(request.path());
    if (!version_listed(data.version, state_->options.newest_api_version)) return not_found();
    if (request.method != "GET") {
        return json_reply(405,
                          rest_error_body("METHOD_NOT_ALLOWED",
                                          fmt::format("HTTP Method '{}' not allowed. Allowed "
                                                      "are GET",
                                                      request.method)));
    }
    switch (where) {
        case endpoint::limits:
            return handle_limits(*state_);
        case endpoint::query: {
            const std::size_t slash = data.rest.find('/');
            if (slash == std::string_view::npos)
                return handle_query(*state_, request, data.version);
            return handle_query_more(*state_, data.rest.substr(slash + 1), data.version);
        }
        case endpoint::log_file: {
            // rest is "sobjects/EventLogFile/<Id>/LogFile"; <Id> holds no '/'.
            constexpr std::size_t prefix = std::string_view("sobjects/EventLogFile/").size();
            const std::string_view id = data.rest.substr(prefix, data.rest.size() - prefix - 8);
            if (id.find('/') != std::string_view::npos) return not_found();
            return handle_log_file(state_, request, id);
        }
        default:
            return not_found();
    }
}

}  // namespace sfc::test::fake_sf
