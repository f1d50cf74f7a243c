#include "salesforce/errors.hpp"

#include <simdjson.h>

#include <string>

#include "http/status.hpp"

namespace sfc::salesforce {
namespace {

constexpr std::size_t max_excerpt_chars = 200;

std::string http_code(unsigned status) {
    return "ERROR_HTTP_" + std::to_string(status);
}

std::optional<std::string_view> string_field(simdjson::dom::object obj, const char* key) {
    std::string_view value;
    if (obj[key].get_string().get(value) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    return value;
}

// One {"message","errorCode"} object; OAuth-style {"error","error_description"} is read too,
// since an edge proxy in front of the REST API may answer in that shape.
std::optional<api_error_info> one_error(unsigned status, simdjson::dom::element element) {
    simdjson::dom::object obj;
    if (element.get_object().get(obj) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    auto code = string_field(obj, "errorCode");
    auto message = string_field(obj, "message");
    if (!code) {
        code = string_field(obj, "error");
        message = string_field(obj, "error_description");
    }
    if (!code) {
        return std::nullopt;
    }
    return api_error_info{status, std::string(*code), std::string(message.value_or(""))};
}

std::optional<api_error_info> several_errors(unsigned status, simdjson::dom::array errors) {
    api_error_info info{status, "MULTIPLE_API_ERRORS", ""};
    for (simdjson::dom::element element : errors) {
        auto one = one_error(status, element);
        if (!one) {
            return std::nullopt;
        }
        if (!info.message.empty()) {
            info.message += "; ";
        }
        info.message += one->error_code + ": " + one->message;
    }
    return info;
}

std::optional<api_error_info> from_json(unsigned status, std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) {
        return std::nullopt;
    }
    simdjson::dom::array errors;
    if (doc.get_array().get(errors) != simdjson::SUCCESS) {
        return one_error(status, doc);
    }
    switch (errors.size()) {
        case 0:
            return api_error_info{status, http_code(status), "empty error list"};
        case 1:
            return one_error(status, errors.at(0).value_unsafe());
        default:
            return several_errors(status, errors);
    }
}

// HTML error pages from an edge proxy: keep the words, drop the markup.
std::string strip_tags(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool in_tag = false;
    for (char c : text) {
        if (c == '<') {
            in_tag = true;
            out += ' ';
        } else if (c == '>' && in_tag) {
            in_tag = false;
        } else if (!in_tag) {
            out += c;
        }
    }
    return out;
}

/// "99.0" when `path` is /services/data/v99.0/ followed by a resource every version has (query,
/// queryAll, limits): a 404 there can only mean the org does not serve that version. A 404 on
/// another resource (a LogFile deleted since it was listed) says nothing about the version.
std::optional<std::string_view> unserved_version(std::string_view path) {
    constexpr std::string_view prefix = "/services/data/v";
    if (!path.starts_with(prefix)) return std::nullopt;
    path.remove_prefix(prefix.size());
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    std::string_view resource = path.substr(slash + 1);
    resource = resource.substr(0, resource.find('/'));
    if (resource != "query" && resource != "queryAll" && resource != "limits") return std::nullopt;
    return path.substr(0, slash);
}

/// 64.0 (Summer '25) is the set-up guide's example and is served by every org on a current
/// release; older versions stay served for years, so it is a safe suggestion when the configured
/// one is newer than the org's release.
constexpr std::string_view example_api_version = "64.0";

std::string unserved_version_what(std::string_view origin,
                                  std::string_view version,
                                  std::string_view path) {
    std::string text = "salesforce.api_version " + one_line(version, 20) + " is not served by " +
                       std::string(origin) + " (HTTP 404 on GET " + one_line(path) +
                       "); set it to a version the org lists at " + std::string(origin) +
                       "/services/data/";
    if (version != example_api_version) text += ", e.g. " + std::string(example_api_version);
    return text;
}

std::string build_what(std::string_view origin,
                       std::string_view method,
                       std::string_view target,
                       const api_error_info& info) {
    const std::string_view path = target.substr(0, target.find('?'));
    if (info.status == 404) {
        if (const auto version = unserved_version(path)) {
            return unserved_version_what(origin, *version, path);
        }
    }
    std::string text = std::string(origin) + ": " + std::string(method) + " " + one_line(path) +
                       ": HTTP " + std::to_string(info.status) + " " + one_line(info.error_code);
    const std::string message = one_line(info.message);
    if (!message.empty()) {
        text += ": " + message;
    }
    return text;
}

// Too many long requests at once clears in seconds, like a 503; anything else under this code
// (TotalRequests, or wording not seen before) is taken for the daily allocation, which a /limits
// check can confirm or lift.
error_kind request_limit_kind(const api_error_info& info) {
    const bool concurrent = info.message.find("Concurrent") != std::string::npos;
    return concurrent ? error_kind::retryable : error_kind::limit_exceeded;
}

// A 4xx the code says more about than the status.
error_kind client_error_kind(const api_error_info& info) {
    if (info.status < 400 || info.status > 499) return error_kind::fatal;
    // A query that ran too long on a busy org: the same query often passes a moment later (and
    // a window walk narrows its window), so it is retried like a 5xx, not a pass lost.
    if (info.error_code == "QUERY_TIMEOUT") return error_kind::retryable;
    // The status of an expired locator is not documented for certain; the code is what counts.
    if (info.error_code == "INVALID_QUERY_LOCATOR") return error_kind::invalid_locator;
    return error_kind::fatal;
}

}  // namespace

std::string one_line(std::string_view text, std::size_t max_chars) {
    std::string out;
    bool pending_space = false;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte == 0x7f) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    if (out.size() <= max_chars) {
        return out;
    }
    std::size_t cut = max_chars;
    // Back off to the start of a UTF-8 sequence rather than split a character.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    out.resize(cut);
    return out + "...";
}

api_error_info parse_api_error(unsigned status, std::string_view body) {
    if (auto info = from_json(status, body)) {
        return *std::move(info);
    }
    const bool looks_html = body.find('<') != std::string_view::npos;
    std::string excerpt = one_line(looks_html ? strip_tags(body) : body, max_excerpt_chars);
    if (excerpt.empty()) {
        excerpt = "empty body";
    }
    return api_error_info{status, http_code(status), std::move(excerpt)};
}

error_kind classify_error(const api_error_info& info) {
    switch (http::classify(info.status)) {
        case http::status_class::auth_expired:
            return error_kind::auth_expired;
        case http::status_class::retry:
            return error_kind::retryable;
        case http::status_class::forbidden:
            if (info.error_code == "REQUEST_LIMIT_EXCEEDED") return request_limit_kind(info);
            return client_error_kind(info);
        case http::status_class::fatal:
            // 420 is Salesforce's own "too many requests" (Enhance Your Calm).
            if (info.status == 420) return error_kind::retryable;
            return client_error_kind(info);
        case http::status_class::ok:
            break;  // no error: a 2xx whose body was unusable is classified by its reader
    }
    return error_kind::fatal;
}

std::string_view to_string(error_kind kind) {
    switch (kind) {
        case error_kind::auth_expired:
            return "auth_expired";
        case error_kind::limit_exceeded:
            return "limit_exceeded";
        case error_kind::retryable:
            return "retryable";
        case error_kind::invalid_locator:
            return "invalid_locator";
        case error_kind::fatal:
            return "fatal";
    }
    return "unknown";
}

api_error::api_error(std::string_view origin,
                     std::string_view method,
                     std::string_view target,
                     api_error_info info,
                     std::optional<std::chrono::seconds> retry_after)
    : api_error(origin, method, target, info, classify_error(info), retry_after) {}

api_error::api_error(std::string_view origin,
                     std::string_view method,
                     std::string_view target,
                     api_error_info info,
                     error_kind kind,
                     std::optional<std::chrono::seconds> retry_after)
    : std::runtime_error(build_what(origin, method, target, info)),
      info_(std::move(info)),
      kind_(kind),
      retry_after_(retry_after) {}

}  // namespace sfc::salesforce
