// Generic HTTP sink, and the pieces the Elasticsearch and Splunk sinks share with it.
#include "sinks/http_sink.hpp"

#include "net/basic_auth.hpp"
#include "sinks/es_bulk.hpp"
#include "sinks/secret.hpp"
#include "sinks/sink_error.hpp"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <algorithm>

namespace sfc::sinks {
namespace http_support {
namespace {

std::string seconds_text(std::chrono::seconds s) {
    return std::to_string(s.count()) + " s";
}

}  // namespace

std::string label(const config::sink_config& config, std::string_view kind) {
    if (!config.name.empty()) return "sink '" + config.name + "'";
    return std::string(kind) + " sink";
}

std::string redact_url(std::string_view url) {
    url = url.substr(0, url.find_first_of("?#"));
    const auto scheme_end = url.find("://");
    const auto authority_start = scheme_end == url.npos ? 0 : scheme_end + 3;
    const auto authority_end = url.find('/', authority_start);
    const auto at = url.substr(0, authority_end).rfind('@');
    if (at == url.npos || at < authority_start) return std::string(url);
    return std::string(url.substr(0, authority_start)) + std::string(url.substr(at + 1));
}

http::url_parts parse_sink_url(const config::http_sink_config& http, const std::string& label) {
    const auto authority_end = http.url.find_first_of("/?#", http.url.find("://") + 3);
    if (http.url.substr(0, authority_end).find('@') != std::string::npos) {
        throw sink_error(label + ": url '" + redact_url(http.url) +
                         "' carries credentials; remove them and set auth with "
                         "username and secret_file or secret_env");
    }
    auto url = http::parse_url(http.url);
    if (!url) {
        throw sink_error(label + ": url '" + redact_url(http.url) +
                         "' is not of the form http(s)://host[:port][/path]");
    }
    return *url;
}

http::client_options client_options(const config::http_sink_config& http,
                                    const std::string& label) {
    if (!http.tls.cert_file.empty() || !http.tls.key_file.empty()) {
        throw sink_error(label +
                         ": tls.cert_file/key_file (client certificates) are not "
                         "supported for HTTP sinks yet; remove them and use auth");
    }
    if (!http.tls.server_name.empty()) {
        throw sink_error(label +
                         ": tls.server_name is not supported for HTTP sinks; "
                         "put the name the certificate carries in url");
    }
    http::client_options options;
    options.allow_plain_http = true;  // a SIEM on a private network; the operator's choice
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(http.request_timeout, std::chrono::seconds(1)));
    options.io_timeout = timeout;
    options.connect_timeout = std::min(options.connect_timeout, timeout);
    options.tls.ca_file = http.tls.ca_file;
    options.tls.insecure_skip_verify = http.tls.insecure_skip_verify;
    return options;
}

std::optional<std::string> authorization(const config::http_sink_config& http,
                                         const std::string& label) {
    const std::string what = label + ": secret_file or secret_env";
    switch (http.auth) {
        case config::http_auth::none:
            return std::nullopt;
        case config::http_auth::basic:
            if (http.username.empty()) {
                throw sink_error(label + ": auth is basic but username is empty; set it");
            }
            if (http.username.find(':') != std::string::npos) {
                throw sink_error(label + ": username must not contain ':' (basic auth)");
            }
            return net::basic_authorization(http.username, read_secret(http.secret, what));
        case config::http_auth::bearer:
            return "Bearer " + read_secret(http.secret, what);
        case config::http_auth::api_key:
            return "ApiKey " + read_secret(http.secret, what);
    }
    throw sink_error(label + ": unknown auth value");
}

std::string gzip(std::string_view body) {
    z_stream z{};
    // 15 window bits + 16: a gzip header and trailer instead of zlib's. Level 1: logs compress
    // well at the fastest level, and the CPU goes to the next batch instead.
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::bad_alloc();
    }
    std::string out(deflateBound(&z, static_cast<uLong>(body.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    z.avail_in = static_cast<uInt>(body.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("gzip: deflate failed");
    return out;
}

send_result status_result(const http::response& response,
                          std::size_t batch_size,
                          const std::string& peer,
                          const std::string& summary) {
    const unsigned status = response.status;
    const std::string head = peer + ": HTTP " + std::to_string(status);
    const std::string tail = summary.empty() ? "" : " (" + summary + ")";
    const auto kind = http::classify(status);
    if (http::refuses_credentials(kind)) {
        return send_result::failed(send_status::fatal,
                                   head + ": the credentials were refused" + tail +
                                       "; check auth, username and secret_file or secret_env");
    }
    if (status == 413 && batch_size == 1) {
        // One event is as small as a batch gets: the event itself is over the peer's limit.
        send_result r;
        r.rejected.push_back({0, "HTTP 413: the event is over the receiver's size limit"});
        return r;
    }
    if (status == 413) {
        return send_result::failed(send_status::fatal,
                                   head + ": the batch is over the receiver's size limit" + tail +
                                       "; lower batch_max_bytes (or raise the receiver's limit)");
    }
    if (status != 501 && kind == http::status_class::retry) {
        auto r = send_result::failed(send_status::retry, head + tail + "; will retry");
        if (const auto after = http::retry_after(response)) {
            r.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*after);
            r.detail += " after " + seconds_text(*after);
        }
        return r;
    }
    const std::string hint =
        status == 404 ? "; check the path in url" : "; check the sink's settings";
    return send_result::failed(send_status::fatal, head + tail + hint);
}

}  // namespace http_support

http_sink::http_sink(const config::sink_config& config, boost::asio::any_io_executor executor)
    : http_sink(config,
                std::move(executor),
                http_support::label(config, "http"),
                http_support::parse_sink_url(config.http, http_support::label(config, "http"))) {}

http_sink::http_sink(const config::sink_config& config,
                     boost::asio::any_io_executor executor,
                     const std::string& label,
                     const http::url_parts& url)
    : name_("http:" + http_support::redact_url(config.http.url)),
      target_(url.path),
      authorization_(http_support::authorization(config.http, label)),
      gzip_(config.http.gzip),
      client_(std::move(executor), url.origin(), http_support::client_options(config.http, label)) {
    if (url.tls && config.http.tls.insecure_skip_verify) {
        spdlog::warn("{}: TLS certificate verification is off (tls.insecure_skip_verify)", name_);
    }
}

http_sink::~http_sink() = default;

boost::asio::awaitable<send_result> http_sink::send(std::span<const event> events) {
    if (events.empty()) co_return send_result::accepted();
    http::request req;
    req.method = "POST";
    req.target = target_;
    std::size_t size = 0;
    for (const auto& e : events) size += e.json.size() + 1;
    std::string body;
    body.reserve(size);
    for (const auto& e : events) {
        body += e.json;
        body += '\n';
    }
    req.headers.push_back({"Content-Type", "application/x-ndjson"});
    if (authorization_) req.headers.push_back({"Authorization", *authorization_});
    if (gzip_) {
        req.headers.push_back({"Content-Encoding", "gzip"});
        body = http_support::gzip(body);
    }
    req.body = std::move(body);

    http::response res;
    try {
        res = co_await client_.send(std::move(req));
    } catch (const http::transport_error& e) {
        co_return send_result::failed(send_status::retry, e.what());
    }
    if (http::classify(res.status) == http::status_class::ok) co_return send_result::accepted();
    co_return http_support::status_result(
        res, events.size(), client_.origin(), es_bulk::one_line(res.body, 200));
}

boost::asio::awaitable<void> http_sink::stop() {
    co_await client_.close();
}

std::unique_ptr<http_sink> make_http_sink(const config::sink_config& config,
                                          boost::asio::any_io_executor executor) {
    return std::make_unique<http_sink>(config, std::move(executor));
}

}  // namespace sfc::sinks
