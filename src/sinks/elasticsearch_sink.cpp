// Elasticsearch _bulk sink: one request per batch, the answer read item by item.
#include "sinks/elasticsearch_sink.hpp"

#include "sinks/http_sink.hpp"
#include "sinks/sink_error.hpp"

#include <spdlog/spdlog.h>

namespace sfc::sinks {
namespace {

// Only what the answer is read for: the per-item status and error, not _id, _version, _shards...
// (a tenth of the bytes for a large batch).
constexpr std::string_view filter_path = "filter_path=errors,items.*.status,items.*.error";

// "<prefix>/_bulk?filter_path=..." from the URL's path, keeping a query the operator gave.
std::string bulk_target(std::string_view path) {
    const auto q = path.find('?');
    std::string base(path.substr(0, q));
    std::string query(q == path.npos ? "" : path.substr(q + 1));
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (!base.ends_with("/_bulk")) base += "/_bulk";
    if (query.find("filter_path=") == std::string::npos) {
        query = std::string(filter_path) + (query.empty() ? "" : "&" + query);
    }
    return base + "?" + query;
}

std::string origin_name(const config::sink_config& config) {
    const auto url = http::parse_url(config.http.url);
    return url ? url->origin() : http_support::redact_url(config.http.url);
}

}  // namespace

elasticsearch_sink::elasticsearch_sink(const config::sink_config& config,
                                       boost::asio::any_io_executor executor)
    : elasticsearch_sink(
          config,
          std::move(executor),
          http_support::label(config, "elasticsearch"),
          http_support::parse_sink_url(config.http, http_support::label(config, "elasticsearch"))) {
}

elasticsearch_sink::elasticsearch_sink(const config::sink_config& config,
                                       boost::asio::any_io_executor executor,
                                       const std::string& label,
                                       const http::url_parts& url)
    : name_("elasticsearch:" + origin_name(config)),
      index_(config.http.index),
      target_(bulk_target(url.path)),
      authorization_(http_support::authorization(config.http, label)),
      gzip_(config.http.gzip),
      client_(std::move(executor), url.origin(), http_support::client_options(config.http, label)) {
    if (index_.empty()) {
        throw sink_error(label + ": index is empty; set the index or data stream to write to");
    }
    if (url.tls && config.http.tls.insecure_skip_verify) {
        spdlog::warn("{}: TLS certificate verification is off (tls.insecure_skip_verify)", name_);
    }
}

elasticsearch_sink::~elasticsearch_sink() = default;

http::request elasticsearch_sink::make_request(std::span<const event> events) const {
    http::request req;
    req.method = "POST";
    req.target = target_;
    std::size_t size = 0;
    for (const auto& e : events) size += e.json.size() + e.id.size() + index_.size() + 40;
    std::string body;
    body.reserve(size);
    es_bulk::append_body(body, events, index_);
    req.headers.push_back({"Content-Type", "application/x-ndjson"});
    if (authorization_) req.headers.push_back({"Authorization", *authorization_});
    if (gzip_) {
        req.headers.push_back({"Content-Encoding", "gzip"});
        body = http_support::gzip(body);
    }
    req.body = std::move(body);
    return req;
}

boost::asio::awaitable<send_result> elasticsearch_sink::send(std::span<const event> events) {
    if (events.empty()) co_return send_result::accepted();
    // A named request: GCC 12 destroys a temporary argument of a coroutine call twice.
    http::request req = make_request(events);
    http::response res;
    try {
        res = co_await client_.send(std::move(req));
    } catch (const http::transport_error& e) {
        retried_ += events.size();
        co_return send_result::failed(send_status::retry, e.what());
    }
    co_return read_answer(res, events.size());
}

send_result elasticsearch_sink::read_answer(const http::response& res, std::size_t batch_size) {
    if (http::classify(res.status) != http::status_class::ok) {
        return count(http_support::status_result(
                         res, batch_size, client_.origin(), es_bulk::error_summary(res.body)),
                     batch_size);
    }
    auto out = reader_.read(res.body, batch_size);
    if (!out.complete) {
        // Positions cannot be trusted, so nothing counts as delivered; `create` makes the
        // resend harmless for documents that did get in (409).
        spdlog::warn("{}: unusable _bulk answer: {}; sending the batch again", name_, out.problem);
        return count(send_result::failed(send_status::retry,
                                         name_ + ": unusable _bulk answer: " + out.problem),
                     batch_size);
    }
    accepted_ += out.accepted;
    duplicates_ += out.duplicates;
    rejected_ += out.rejected.size();
    retried_ += out.retry.size();
    send_result r;
    r.rejected = std::move(out.rejected);
    if (!out.retry.empty()) {
        r.status = send_status::partial;
        r.detail = name_ + ": " + std::to_string(out.retry.size()) + " of " +
                   std::to_string(batch_size) + " documents to send again: " + out.retry_reason;
        r.retry = std::move(out.retry);
        if (const auto after = http::retry_after(res)) {
            r.retry_after = std::chrono::duration_cast<std::chrono::milliseconds>(*after);
        }
    } else if (!r.rejected.empty()) {
        r.detail = name_ + ": " + std::to_string(r.rejected.size()) + " of " +
                   std::to_string(batch_size) + " documents refused: " + r.rejected.front().reason;
    }
    return r;
}

// Counters for answers about the whole batch.
send_result elasticsearch_sink::count(send_result r, std::size_t batch_size) {
    if (r.status == send_status::retry) retried_ += batch_size;
    rejected_ += r.rejected.size();
    return r;
}

boost::asio::awaitable<void> elasticsearch_sink::stop() {
    co_await client_.close();
}

std::unique_ptr<elasticsearch_sink> make_elasticsearch_sink(const config::sink_config& config,
                                                            boost::asio::any_io_executor executor) {
    return std::make_unique<elasticsearch_sink>(config, std::move(executor));
}

}  // namespace sfc::sinks
