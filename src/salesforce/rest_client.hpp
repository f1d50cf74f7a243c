#pragma once
// The Salesforce REST calls the collector makes: SOQL query pages, EventLogFile downloads and
// /limits, with bearer auth (one re-auth after a 401), retries of transient failures, at most
// the pool's size in flight, and an API budget fed by every response's usage.

#include "async/stop_signal.hpp"
#include "auth/token_provider.hpp"
#include "http/client_pool.hpp"
#include "salesforce/api_budget.hpp"
#include "salesforce/elf_record.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/limit_info.hpp"
#include "salesforce/org_limits.hpp"
#include "salesforce/request_counters.hpp"
#include "salesforce/retry.hpp"

#include <array>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::salesforce {

struct query_page {
    std::vector<std::string> records_json;  ///< each record as raw (minified) JSON text
    bool done = true;
    std::string next_records_url;  ///< set when !done: pass to query_more()
    std::uint64_t total_size = 0;  ///< for the whole query, not this page
};

/// How long a LogFile download may take as a whole: floor + LogFileLength / min_rate. The
/// floor covers connecting, Salesforce preparing the file and a small file on a slow link; the
/// rate is a slow but working link (256 KiB/s, about 2 Mbit/s), so only a stalled or trickling
/// server hits it: 1 GiB gets 5 min + 68 min. The JSON requests keep the pool's client options'
/// request_timeout.
struct download_deadline {
    std::chrono::milliseconds floor{std::chrono::minutes(5)};
    std::uint64_t min_bytes_per_second = 256 * 1024;
    std::chrono::milliseconds for_length(std::uint64_t length) const;
};

struct rest_settings {
    retry_settings retry;  ///< for query(), query_more() and limits()
    download_deadline download;
    budget_settings budget;  ///< an empty org name is replaced by the pool's origin
    std::uint64_t seed = 0;  ///< backoff jitter
};

/// Use from one strand. Several coroutines may call it at once: each request holds one of the
/// pool's clients for its duration, so at most the pool's size are in flight.
///
/// query(), query_more() and limits() retry transport errors and retryable api errors (5xx,
/// 408/420/429, ConcurrentRequests, a garbled 2xx body) up to retry.attempts in all, waiting
/// through the stop signal; a 403 TotalRequests waits in the budget and then retries without
/// counting an attempt. Then they throw the last api_error or http::transport_error.
/// download_log_file() is not retried (the caller resumes a broken file where it stopped); it
/// only waits for the budget before it starts. Every wait throws async::stopping on a stop,
/// and so does a request that failed once a stop was requested (the stop cancels requests in
/// flight, see http::client_pool::cancel_all()).
class rest_client {
public:
    /// api_version like "64.0" (a leading "v" is accepted); throws std::invalid_argument else,
    /// or for budget settings out of range.
    rest_client(http::client_pool& instance,
                auth::token_provider& tokens,
                std::string api_version,
                async::stop_signal& stop,
                rest_settings settings = {});
    ~rest_client();
    rest_client(const rest_client&) = delete;
    rest_client& operator=(const rest_client&) = delete;

    /// GET /services/data/vXX.X/query?q=<url-encoded soql>
    boost::asio::awaitable<query_page> query(std::string soql);
    /// GET <next_records_url>, a "/services/data/..." path from the previous page.
    boost::asio::awaitable<query_page> query_more(std::string next_records_url);
    /// Streams the CSV body of an EventLogFile (its LogFile field, a "/services/data/..." path)
    /// to on_chunk, inflated, piece by piece; the next socket read waits for on_chunk. If the
    /// transfer breaks part-way, the transport_error arrives after some chunks were delivered.
    /// `expected_length` (LogFileLength, 0 if unknown) sets the deadline for the whole download
    /// (rest_settings::download).
    boost::asio::awaitable<void> download_log_file(std::string log_file_path,
                                                   std::uint64_t expected_length,
                                                   http::chunk_handler on_chunk);
    /// GET /services/data/vXX.X/limits/: the daily API allocation. Not held back by the budget
    /// (it is how the budget checks); a 403 TotalRequests throws. A body without
    /// DailyApiRequests throws api_error (MISSING_LIMITS, fatal).
    boost::asio::awaitable<org_limits> limits();

    /// From the latest response that carried a readable Sforce-Limit-Info header, or /limits.
    std::optional<api_usage> last_usage() const { return budget_.last_usage(); }
    const api_budget& budget() const { return budget_; }
    const std::string& api_version() const { return api_version_; }
    const request_counters& counters() const { return counters_; }

private:
    struct json_parser;
    /// The budget's checks go through limits().
    class limits_probe : public usage_probe {
    public:
        explicit limits_probe(rest_client& rest) : rest_(rest) {}
        boost::asio::awaitable<api_usage> current_usage() override;

    private:
        rest_client& rest_;
    };
    /// Accepts a 2xx response, or throws (an api_error for a garbled body).
    using response_reader = std::function<void(const http::response&)>;

    boost::asio::awaitable<query_page> get_page(std::string target);
    boost::asio::awaitable<void> get_with_retries(std::string target,
                                                  response_reader read,
                                                  bool budgeted);
    boost::asio::awaitable<http::response> exchange(http::request req,
                                                    const http::chunk_handler* on_chunk,
                                                    bool budgeted);
    boost::asio::awaitable<http::client_pool::lease> admitted_lease(bool budgeted);
    boost::asio::awaitable<http::response> send_authorized(http::client& http,
                                                           http::request req,
                                                           const http::chunk_handler* on_chunk);
    boost::asio::awaitable<http::response> counted_send(http::client& http,
                                                        http::request req,
                                                        const http::chunk_handler* on_chunk);
    void log_request(const http::request& req,
                     unsigned status,
                     std::chrono::steady_clock::duration took) const;
    void remember_usage(const http::response& resp);
    void check_response(const http::response& resp, std::string_view target);
    query_page parse_page(const http::response& resp, std::string_view target);
    org_limits parse_limits(const http::response& resp, std::string_view target) const;
    void check_data_path(std::string_view path, std::string_view what) const;

    http::client_pool& pool_;
    auth::token_provider& tokens_;
    std::string api_version_;
    async::stop_signal& stop_;
    retry_settings retry_;
    download_deadline download_;
    api_budget budget_;
    limits_probe probe_{*this};
    std::mt19937_64 rng_;
    std::unique_ptr<json_parser> parser_;  // reused across pages: it keeps its buffers
    request_counters counters_;
};

}  // namespace sfc::salesforce
