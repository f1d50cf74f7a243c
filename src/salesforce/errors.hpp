#pragma once
// REST error bodies and statuses, turned into one exception a caller can act on.

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::salesforce {

struct api_error_info {
    unsigned status = 0;
    std::string error_code;  ///< e.g. "MALFORMED_QUERY", "MULTIPLE_API_ERRORS", "ERROR_HTTP_502"
    std::string message;     ///< as Salesforce sent it (may span lines); an excerpt for non-JSON
};

/// Reads a REST error body: a JSON array of {message, errorCode, fields}. Never throws.
api_error_info parse_api_error(unsigned status, std::string_view body);

/// What the caller should do about a failed request.
enum class error_kind {
    auth_expired,     ///< 401 even after one token renewal
    limit_exceeded,   ///< 403 REQUEST_LIMIT_EXCEEDED TotalRequests: wait for the rolling 24 h
                      ///< allocation
    retryable,        ///< 408, 420, 429, 5xx, 403 ConcurrentRequests, 400 QUERY_TIMEOUT, a
                      ///< garbled 2xx body: back off and retry
    invalid_locator,  ///< 400 INVALID_QUERY_LOCATOR: restart the query from the cursor
    fatal,            ///< the request itself is wrong; retrying will not help
};
error_kind classify_error(const api_error_info& info);
std::string_view to_string(error_kind kind);

/// Collapses whitespace and control characters to single spaces and caps the length (UTF-8
/// safe), so an error text fits on one log line.
std::string one_line(std::string_view text, std::size_t max_chars = 300);

/// A non-2xx answer from the REST API. what() is one line:
/// "<origin>: GET <path>: HTTP 400 MALFORMED_QUERY: <message>", without the query string
/// (the SOQL) and without any token. A 404 on /services/data/vNN.N/query, queryAll or limits
/// means the org does not serve that version, and what() says so, naming salesforce.api_version.
class api_error : public std::runtime_error {
public:
    api_error(std::string_view origin,
              std::string_view method,
              std::string_view target,
              api_error_info info,
              std::optional<std::chrono::seconds> retry_after = std::nullopt);
    api_error(std::string_view origin,
              std::string_view method,
              std::string_view target,
              api_error_info info,
              error_kind kind,
              std::optional<std::chrono::seconds> retry_after = std::nullopt);

    const api_error_info& info() const { return info_; }
    unsigned status() const { return info_.status; }
    const std::string& error_code() const { return info_.error_code; }
    error_kind kind() const { return kind_; }
    std::optional<std::chrono::seconds> retry_after() const { return retry_after_; }

private:
    api_error_info info_;
    error_kind kind_;
    std::optional<std::chrono::seconds> retry_after_;
};

}  // namespace sfc::salesforce
