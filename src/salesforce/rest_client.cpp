#include "salesforce/rest_client.hpp"

#include <simdjson.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace sfc::salesforce {
namespace {

constexpr std::string_view data_prefix = "/services/data/";

bool is_digits(std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

std::string checked_version(std::string_view v) {
    if (v.starts_with('v')) v.remove_prefix(1);
    const auto dot = v.find('.');
    if (dot == std::string_view::npos || !is_digits(v.substr(0, dot)) ||
        !is_digits(v.substr(dot + 1))) {
        throw std::invalid_argument("salesforce api_version '" + one_line(v, 20) +
                                    "' is not of the form 64.0");
    }
    return std::string(v);
}

}  // namespace

struct rest_client::json_parser {
    simdjson::dom::parser dom;
};

rest_client::rest_client(http::client& instance,
                         auth::token_provider& tokens,
                         std::string api_version)
    : http_(instance),
      tokens_(tokens),
      api_version_(checked_version(api_version)),
      parser_(std::make_unique<json_parser>()) {}

rest_client::~rest_client() = default;

boost::asio::awaitable<query_page> rest_client::query(std::string soql) {
    std::string target =
        std::string(data_prefix) + "v" + api_version_ + "/query?q=" + http::url_encode(soql);
    co_return co_await get_page(std::move(target));
}

boost::asio::awaitable<query_page> rest_client::query_more(std::string next_records_url) {
    check_data_path(next_records_url, "nextRecordsUrl");
    co_return co_await get_page(std::move(next_records_url));
}

boost::asio::awaitable<void> rest_client::download_log_file(std::string log_file_path,
                                                            http::chunk_handler on_chunk) {
    check_data_path(log_file_path, "LogFile");
    http::request req;
    req.target = log_file_path;
    const http::response resp = co_await send_authorized(std::move(req), &on_chunk);
    throw_unless_ok(resp, log_file_path);
}

boost::asio::awaitable<query_page> rest_client::get_page(std::string target) {
    http::request req;
    req.target = target;
    req.headers.push_back({"Accept", "application/json"});
    const http::response resp = co_await send_authorized(std::move(req), nullptr);
    throw_unless_ok(resp, target);
    co_return parse_page(resp, target);
}

// A 401 means the cached token died (expired, revoked): renew once. A second 401 with a fresh
// token is a policy problem that renewing again will not fix, so it goes to the caller.
boost::asio::awaitable<http::response> rest_client::send_authorized(
    http::request req, const http::chunk_handler* on_chunk) {
    for (int attempt = 1;; ++attempt) {
        const auth::access_token token = co_await tokens_.token();
        http::request authorized = req;
        authorized.headers.push_back({"Authorization", "Bearer " + token.value});
        http::response resp;
        if (on_chunk != nullptr) {
            resp = co_await http_.stream(std::move(authorized), *on_chunk);
        } else {
            resp = co_await http_.send(std::move(authorized));
        }
        remember_usage(resp);
        if (resp.status != 401) {
            co_return resp;
        }
        tokens_.invalidate(token.value);
        if (attempt == 2) {
            co_return resp;
        }
    }
}

void rest_client::remember_usage(const http::response& resp) {
    if (auto header = resp.header("Sforce-Limit-Info")) {
        if (auto usage = parse_limit_info(*header)) {
            usage_ = usage;
        }
    }
}

void rest_client::throw_unless_ok(const http::response& resp, std::string_view target) const {
    if (resp.status >= 200 && resp.status <= 299) {
        return;
    }
    throw api_error(
        http_.origin(), "GET", target, parse_api_error(resp.status, resp.body),
        http::retry_after(resp));
}

query_page rest_client::parse_page(const http::response& resp, std::string_view target) {
    const auto malformed = [&](std::string why) {
        return api_error(http_.origin(), "GET", target,
                         api_error_info{resp.status, "MALFORMED_RESPONSE", std::move(why)},
                         error_kind::retryable);
    };
    simdjson::dom::element doc;
    if (auto error = parser_->dom.parse(resp.body).get(doc)) {
        throw malformed(std::string("query response is not JSON: ") +
                        simdjson::error_message(error));
    }
    simdjson::dom::array records;
    query_page page;
    if (doc["records"].get_array().get(records) || doc["done"].get_bool().get(page.done)) {
        throw malformed("query response lacks records or done");
    }
    // totalSize is informative only; an odd value must not fail the page.
    if (doc["totalSize"].get_uint64().get(page.total_size)) {
        page.total_size = 0;
    }
    if (!page.done) {
        std::string_view next;
        if (doc["nextRecordsUrl"].get_string().get(next)) {
            throw malformed("query response has done=false but no nextRecordsUrl");
        }
        page.next_records_url = next;
    }
    page.records_json.reserve(records.size());
    for (simdjson::dom::element record : records) {
        page.records_json.push_back(simdjson::minify(record));
    }
    return page;
}

void rest_client::check_data_path(std::string_view path, std::string_view what) const {
    const bool clean = std::none_of(path.begin(), path.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
    });
    if (!path.starts_with(data_prefix) || !clean) {
        throw std::invalid_argument(http_.origin() + ": " + std::string(what) + " '" +
                                    one_line(path, 100) + "' is not a /services/data/ path");
    }
}

}  // namespace sfc::salesforce
