#pragma once
// The Salesforce REST calls the collector makes: SOQL query pages and EventLogFile downloads,
// with bearer auth, one re-auth after a 401, and API usage taken from every response.

#include "auth/token_provider.hpp"
#include "http/client.hpp"
#include "salesforce/elf_record.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/limit_info.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
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

/// Not thread-safe: use it from the strand that owns the http::client.
/// Throws api_error for a non-2xx answer (or a garbled 2xx body, kind retryable);
/// http::transport_error and the token provider's errors propagate unchanged.
class rest_client {
public:
    /// api_version like "64.0" (a leading "v" is accepted); throws std::invalid_argument else.
    rest_client(http::client& instance, auth::token_provider& tokens, std::string api_version);
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
    boost::asio::awaitable<void> download_log_file(std::string log_file_path,
                                                   http::chunk_handler on_chunk);

    /// From the latest response that carried a readable Sforce-Limit-Info header.
    std::optional<api_usage> last_usage() const { return usage_; }
    const std::string& api_version() const { return api_version_; }

private:
    struct json_parser;

    boost::asio::awaitable<query_page> get_page(std::string target);
    boost::asio::awaitable<http::response> send_authorized(http::request req,
                                                           const http::chunk_handler* on_chunk);
    void remember_usage(const http::response& resp);
    void throw_unless_ok(const http::response& resp, std::string_view target) const;
    query_page parse_page(const http::response& resp, std::string_view target);
    void check_data_path(std::string_view path, std::string_view what) const;

    http::client& http_;
    auth::token_provider& tokens_;
    std::string api_version_;
    std::unique_ptr<json_parser> parser_;  // reused across pages: it keeps its buffers
    std::optional<api_usage> usage_;
};

}  // namespace sfc::salesforce
