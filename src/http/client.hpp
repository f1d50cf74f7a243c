#pragma once
// HTTP(S) client for one origin: TLS with verification (or plain TCP for an http:// origin),
// optionally through an HTTP proxy's CONNECT tunnel, keep-alive, deadlines on every step, gzip
// bodies inflated as they stream. Beast and Asio stay behind the pimpl.

#include "http/proxy.hpp"
#include "http/status.hpp"
#include "http/transport.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::http {

struct client_options {
    /// DNS + TCP + TLS, and the proxy's CONNECT answer when there is a proxy.
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(15)};
    std::chrono::milliseconds io_timeout{std::chrono::seconds(60)};  ///< each write or read step
    /// The whole exchange of one request: connect, write, headers and body. io_timeout is
    /// re-armed on every read, so a server trickling a byte now and then would hold a request
    /// forever without it. Time spent in a stream()'s chunk handler (the collector's own
    /// backpressure) does not count. Zero: none. request::timeout overrides it.
    std::chrono::milliseconds request_timeout{std::chrono::minutes(5)};
    std::size_t max_buffered_body = 64u << 20;  ///< cap for send()'s body and error bodies
    tls_options tls;
    std::string user_agent = "sfcollector";
    /// Accepts http:// origins (plain TCP, no TLS). Off by default, so that a client carrying
    /// Salesforce tokens can never be pointed at a plaintext origin by mistake.
    bool allow_plain_http = false;
    /// Connections go through this proxy's CONNECT tunnel (http:// origins too); TLS, SNI and
    /// verification still apply to the origin, end to end. See proxy_for().
    std::optional<proxy_settings> proxy;
};

struct header_field {
    std::string name;
    std::string value;
};

struct request {
    std::string method = "GET";
    std::string target;  ///< path and query, e.g. "/services/data/v64.0/query?q=..."
    std::vector<header_field> headers;
    std::string body;
    /// This request's overall deadline instead of client_options::request_timeout (e.g. one
    /// that grows with the size of a download).
    std::optional<std::chrono::milliseconds> timeout;
};

struct response {
    unsigned status = 0;
    std::vector<header_field> headers;
    std::string body;  ///< inflated; for stream() only the (capped) body of a non-2xx answer
    /// Case-insensitive header lookup; the first match.
    std::optional<std::string_view> header(std::string_view name) const;
};

/// Receives the inflated body of a 2xx answer piece by piece. The next socket read waits until
/// the returned awaitable completes, so a slow consumer slows the download (backpressure).
using chunk_handler = std::function<boost::asio::awaitable<void>(std::string_view)>;

/// One origin ("https://host[:port]", or with allow_plain_http "http://host[:port]" for plain
/// TCP, where tls_options are ignored), one keep-alive connection, requests one at a time.
/// Not thread-safe: use it from one strand.
class client {
public:
    client(boost::asio::any_io_executor executor, std::string origin, client_options options);
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    /// Sends the request and buffers the whole (inflated) body. Throws transport_error.
    boost::asio::awaitable<response> send(request req);
    /// Sends the request; a 2xx body goes to on_chunk as it arrives and is not kept.
    /// Throws transport_error, also part-way through the body (the caller decides to restart).
    boost::asio::awaitable<response> stream(request req, chunk_handler on_chunk);
    /// Closes the connection (TLS shutdown with a deadline; plain TCP just closes).
    boost::asio::awaitable<void> close();
    /// For a stop: ends the request in flight at once (it throws transport_error "...: request
    /// cancelled") and every later one, and closes the connection. Waits for nothing; call it
    /// from the client's strand. A stream()'s chunk handler that is running is not interrupted.
    void cancel();
    bool cancelled() const;

    const std::string& origin() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Retry-After in seconds (delta form; an HTTP date is read too) if the response has one.
std::optional<std::chrono::seconds> retry_after(const response& r);

/// Splits "https://host[:port][/...]" into origin and path; nullopt unless https and a host.
struct url_parts {
    std::string host;
    std::string port;            ///< "443" (https) or "80" (http) when absent
    std::string path;            ///< "/" when absent
    bool tls = true;             ///< https; false for http
    std::string origin() const;  ///< "https://host" or "http://host:port", default port omitted
};
std::optional<url_parts> parse_https_url(std::string_view url);
/// Like parse_https_url, also accepting "http://host[:port][/...]" (plain TCP, no TLS).
std::optional<url_parts> parse_url(std::string_view url);

/// Percent-encodes for a query-string value (RFC 3986 unreserved kept; space as %20).
std::string url_encode(std::string_view s);

}  // namespace sfc::http
