#include "salesforce/rest_client.hpp"

#include "async/stop_signal.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
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

budget_settings named_budget(budget_settings budget, const http::client_pool& pool) {
    if (budget.org.empty()) budget.org = pool.origin();
    return budget;
}

http::request json_get(std::string target) {
    http::request req;
    req.target = std::move(target);
    req.headers.push_back({"Accept", "application/json"});
    return req;
}

}  // namespace

std::chrono::milliseconds download_deadline::for_length(std::uint64_t length) const {
    const std::uint64_t rate = std::max<std::uint64_t>(1, min_bytes_per_second);
    // Whole seconds, rounded up; capped far beyond any real file so the sum cannot overflow.
    const std::uint64_t seconds = std::min<std::uint64_t>(length / rate + 1, 10'000'000);
    return floor + std::chrono::seconds(seconds);
}

struct rest_client::json_parser {
    simdjson::dom::parser dom;
};

rest_client::rest_client(http::client_pool& instance,
                         auth::token_provider& tokens,
                         std::string api_version,
                         async::stop_signal& stop,
                         rest_settings settings)
    : pool_(instance),
      tokens_(tokens),
      api_version_(checked_version(api_version)),
      stop_(stop),
      retry_(settings.retry),
      download_(settings.download),
      budget_(instance.executor(), named_budget(std::move(settings.budget), instance), stop),
      rng_(settings.seed),
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

boost::asio::awaitable<org_limits> rest_client::limits() {
    const std::string target = std::string(data_prefix) + "v" + api_version_ + "/limits/";
    org_limits result;
    const response_reader read = [&](const http::response& resp) {
        result = parse_limits(resp, target);
        budget_.observe(result.daily_api_usage());
    };
    co_await get_with_retries(target, read, false);
    co_return result;
}

boost::asio::awaitable<api_usage> rest_client::limits_probe::current_usage() {
    const org_limits limits = co_await rest_.limits();
    co_return limits.daily_api_usage();
}

boost::asio::awaitable<void> rest_client::download_log_file(std::string log_file_path,
                                                            std::uint64_t expected_length,
                                                            http::chunk_handler on_chunk) {
    check_data_path(log_file_path, "LogFile");
    http::request req;
    req.target = log_file_path;
    req.timeout = download_.for_length(expected_length);
    http::chunk_handler counted = [this, &on_chunk](std::string_view chunk) {
        counters_.bytes_downloaded += chunk.size();
        return on_chunk(chunk);
    };
    http::response resp;
    try {
        resp = co_await exchange(std::move(req), &counted, true);
    } catch (const http::transport_error&) {
        // Cancelled by the stop: the caller ends as stopped, without a failure to report.
        if (stop_.requested()) throw async::stopping();
        throw;
    }
    check_response(resp, log_file_path);
}

boost::asio::awaitable<query_page> rest_client::get_page(std::string target) {
    query_page page;
    const response_reader read = [&](const http::response& resp) {
        page = parse_page(resp, target);
    };
    co_await get_with_retries(target, read, true);
    co_return page;
}

// Failures are sorted in the handlers and waited for after them: a coroutine cannot co_await
// inside a catch block.
boost::asio::awaitable<void> rest_client::get_with_retries(std::string target,
                                                           response_reader read,
                                                           bool budgeted) {
    retry_schedule schedule(retry_, rng_());
    for (;;) {
        std::exception_ptr failure;
        std::string reason;
        std::optional<std::chrono::seconds> retry_after;
        try {
            http::request req = json_get(target);
            const http::response resp = co_await exchange(std::move(req), nullptr, budgeted);
            check_response(resp, target);
            read(resp);
            co_return;
        } catch (const http::transport_error& e) {
            // Cancelled by the stop (or failed while stopping): nothing to retry or report.
            if (stop_.requested()) throw async::stopping();
            failure = std::current_exception();
            reason = failure_reason(e);
        } catch (const api_error& e) {
            // TotalRequests: the budget is now exhausted, and admission waits it out.
            if (budgeted && e.kind() == error_kind::limit_exceeded) continue;
            if (e.kind() != error_kind::retryable) throw;
            failure = std::current_exception();
            reason = failure_reason(e);
            retry_after = e.retry_after();
        }
        const auto wait = schedule.after_failure(retry_after);
        if (!wait) std::rethrow_exception(failure);
        spdlog::warn(retry_warning(pool_.origin(), target, reason, schedule, *wait));
        ++counters_.retries;
        const std::chrono::milliseconds pause = *wait;
        if (!co_await stop_.sleep_for(pause)) throw async::stopping();
    }
}

// One request on one of the pool's clients, which it keeps until the body has been read (a
// streamed LogFile included).
boost::asio::awaitable<http::response> rest_client::exchange(http::request req,
                                                             const http::chunk_handler* on_chunk,
                                                             bool budgeted) {
    http::client_pool::lease lease = co_await admitted_lease(budgeted);
    co_return co_await send_authorized(*lease, std::move(req), on_chunk);
}

// The budget is asked again once a client is lent: usage may have grown while this request
// waited for one, and the overshoot bound needs the check at the moment of sending. Waiting in
// the budget holds no client, so the /limits checks can always get one.
boost::asio::awaitable<http::client_pool::lease> rest_client::admitted_lease(bool budgeted) {
    for (;;) {
        if (budgeted) co_await budget_.admit(probe_);
        http::client_pool::lease lease = co_await pool_.acquire();
        if (!budgeted || budget_.admits()) co_return std::move(lease);
    }
}

// A 401 means the cached token died (expired, revoked): renew once. A second 401 with a fresh
// token is a policy problem that renewing again will not fix, so it goes to the caller.
boost::asio::awaitable<http::response> rest_client::send_authorized(
    http::client& http, http::request req, const http::chunk_handler* on_chunk) {
    for (int attempt = 1;; ++attempt) {
        const auth::access_token token = co_await tokens_.token();
        http::request authorized = req;
        authorized.headers.push_back({"Authorization", "Bearer " + token.value});
        const auto started = std::chrono::steady_clock::now();
        const http::response resp = co_await counted_send(http, std::move(authorized), on_chunk);
        log_request(req, resp.status, std::chrono::steady_clock::now() - started);
        remember_usage(resp);
        if (resp.status / 100 == 2) budget_.served();
        if (resp.status != 401) {
            co_return resp;
        }
        tokens_.invalidate(token.value);
        ++counters_.token_renewals;
        if (attempt == 2) {
            co_return resp;
        }
    }
}

// Requests that got no answer count in by_class[0]; the exception goes on to the caller. (No
// co_await inside ?: — GCC 12 destroys such a temporary twice.)
boost::asio::awaitable<http::response> rest_client::counted_send(
    http::client& http, http::request req, const http::chunk_handler* on_chunk) {
    http::response resp;
    try {
        if (on_chunk != nullptr) {
            resp = co_await http.stream(std::move(req), *on_chunk);
        } else {
            resp = co_await http.send(std::move(req));
        }
    } catch (...) {
        ++counters_.by_class[0];
        throw;
    }
    ++counters_.by_class[std::min<unsigned>(resp.status / 100, 5)];
    co_return resp;
}

/// `debug` shows each request; the query string is left out (a SOQL statement is long, and
/// the path says enough).
void rest_client::log_request(const http::request& req,
                              unsigned status,
                              std::chrono::steady_clock::duration took) const {
    if (!spdlog::should_log(spdlog::level::debug)) return;
    const std::string_view target = req.target;
    spdlog::debug("org {}: {} {}{} -> {} ({} ms)",
                  budget_.settings().org,
                  req.method,
                  target.substr(0, target.find('?')),
                  target.find('?') == std::string_view::npos ? "" : "?...",
                  status,
                  std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
}

void rest_client::remember_usage(const http::response& resp) {
    if (auto header = resp.header("Sforce-Limit-Info")) {
        if (auto usage = parse_limit_info(*header)) {
            budget_.observe(*usage);
        }
    }
}

void rest_client::check_response(const http::response& resp, std::string_view target) {
    if (resp.status >= 200 && resp.status <= 299) {
        return;
    }
    api_error error(pool_.origin(),
                    "GET",
                    target,
                    parse_api_error(resp.status, resp.body),
                    http::retry_after(resp));
    if (error.kind() == error_kind::limit_exceeded) {
        budget_.exhausted();
    }
    throw error;
}

query_page rest_client::parse_page(const http::response& resp, std::string_view target) {
    const auto malformed = [&](std::string why) {
        return api_error(pool_.origin(),
                         "GET",
                         target,
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

org_limits rest_client::parse_limits(const http::response& resp, std::string_view target) const {
    try {
        return parse_org_limits(resp.body);
    } catch (const limits_format_error& e) {
        // A garbled body may be a proxy's hiccup; a readable one without the limit will not
        // change on a retry.
        throw api_error(
            pool_.origin(),
            "GET",
            target,
            api_error_info{
                resp.status, e.not_json() ? "MALFORMED_RESPONSE" : "MISSING_LIMITS", e.what()},
            e.not_json() ? error_kind::retryable : error_kind::fatal);
    }
}

void rest_client::check_data_path(std::string_view path, std::string_view what) const {
    const bool clean = std::none_of(path.begin(), path.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
    });
    if (!path.starts_with(data_prefix) || !clean) {
        throw std::invalid_argument(pool_.origin() + ": " + std::string(what) + " '" +
                                    one_line(path, 100) + "' is not a /services/data/ path");
    }
}

}  // namespace sfc::salesforce
