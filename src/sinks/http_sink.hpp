#pragma once
// The generic HTTP sink (a batch POSTed as NDJSON) and what every HTTP-based sink shares:
// client set-up from the config, the Authorization header, gzip bodies and status handling.

#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/client.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"

namespace sfc::sinks {

namespace http_support {

/// "sink 'name'" (or "<kind> sink" without a name): how errors name the sink.
std::string label(const config::sink_config& config, std::string_view kind);

/// The URL without userinfo and query string, safe for logs and names.
std::string redact_url(std::string_view url);

/// The URL split into origin and path. Throws sink_error naming `label` unless it is
/// http(s)://host[:port][/path] without credentials.
http::url_parts parse_sink_url(const config::http_sink_config& http, const std::string& label);

/// Client options from http.tls and http.request_timeout. Throws sink_error for settings the
/// client cannot honour yet (client certificates, server_name).
http::client_options client_options(const config::http_sink_config& http, const std::string& label);

/// The Authorization header value for http.auth ("Basic ...", "Bearer ...", "ApiKey ..."), read
/// once (read_secret); nullopt for auth none. Throws sink_error naming the missing setting.
std::optional<std::string> authorization(const config::http_sink_config& http,
                                         const std::string& label);

/// The gzip form (RFC 1952) of `body`, for Content-Encoding: gzip.
std::string gzip(std::string_view body);

/// The standard answer to a non-2xx HTTP status: retry (408, 429, 5xx but 501, with the peer's
/// Retry-After), fatal with a hint (401/403: credentials; 413: batch_max_bytes), a single event
/// over the size limit rejected; other statuses fatal with `summary` (one line of the body).
send_result status_result(const http::response& response,
                          std::size_t batch_size,
                          const std::string& peer,
                          const std::string& summary);

}  // namespace http_support

/// POSTs each batch to the URL as NDJSON (each event's JSON and '\n'), Content-Type
/// application/x-ndjson, optionally gzip'ed; any 2xx means every event was accepted.
class http_sink final : public sfc::sink {
public:
    /// Throws sink_error when the URL, TLS or auth settings are unusable or the secret is unset.
    http_sink(const config::sink_config& config, boost::asio::any_io_executor executor);
    ~http_sink() override;

    std::string name() const override { return name_; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;
    boost::asio::awaitable<void> stop() override;

private:
    http_sink(const config::sink_config& config,
              boost::asio::any_io_executor executor,
              const std::string& label,
              const http::url_parts& url);

    std::string name_;
    std::string target_;  // path and query on the origin
    std::optional<std::string> authorization_;
    bool gzip_;
    http::client client_;
};

std::unique_ptr<http_sink> make_http_sink(const config::sink_config& config,
                                          boost::asio::any_io_executor executor);

}  // namespace sfc::sinks
