#include "sinks/splunk_hec_sink.hpp"

// GCC 12 at -O2 takes Asio's coroutine frame allocator in send() for a mismatched new/delete
// pair (a false positive: both come from awaitable_frame_base).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include "sinks/http_sink.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <array>

#include "sinks/hec_ack.hpp"
#include "sinks/hec_response.hpp"
#include "sinks/secret.hpp"
#include "sinks/sink_error.hpp"

namespace sfc::sinks {
namespace {

using std::chrono::milliseconds;

constexpr std::array<std::string_view, 3> endpoint_suffixes = {
    "/services/collector/event/1.0", "/services/collector/event", "/services/collector"};

std::string describe_origin(const config::secret_ref& ref) {
    return ref.file.empty() ? "variable " + ref.env : "file " + ref.file.string();
}

// A token is a GUID; anything with spaces or control characters would break the header line.
bool usable_token(std::string_view token) {
    for (const char c : token) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
    }
    return !token.empty();
}

std::string read_token(const config::sink_config& config, std::string_view sink_name) {
    const std::string what = std::string(sink_name) + " secret_file or secret_env (the HEC token)";
    std::string token = read_secret(config.http.secret, what);
    if (!usable_token(token)) {
        throw sink_error(what + ": the token in " + describe_origin(config.http.secret) +
                         " contains spaces or control characters; write only the token");
    }
    return token;
}

hec_endpoints endpoints_of(const config::sink_config& config) {
    auto endpoints = parse_hec_url(config.http.url);
    if (!endpoints) {
        throw sink_error("splunk_hec sink: url '" + config.http.url +
                         "' is not an http(s)://host[:port] URL without a query string; give the "
                         "HEC base, e.g. https://splunk:8088");
    }
    return *std::move(endpoints);
}

void check_tls_support(const config::sink_config& config, std::string_view sink_name) {
    const auto& tls = config.http.tls;
    if (!tls.cert_file.empty() || !tls.key_file.empty() || !tls.server_name.empty()) {
        throw sink_error(std::string(sink_name) +
                         ": tls.cert_file, key_file and server_name are not supported for "
                         "splunk_hec yet; remove them");
    }
}

http::client_options client_options_of(const config::http_sink_config& http, bool tls) {
    http::client_options options;
    // http:// is documented for a HEC on a trusted network; the start warns about it.
    options.allow_plain_http = !tls;
    const milliseconds timeout = http.request_timeout;
    options.connect_timeout = std::min(options.connect_timeout, timeout);
    options.io_timeout = timeout;
    options.max_buffered_body = 1u << 20;  // HEC answers are a few dozen bytes
    options.tls.ca_file = http.tls.ca_file;
    options.tls.insecure_skip_verify = http.tls.insecure_skip_verify;
    return options;
}

hec_ack_timing timing_of(const config::http_sink_config& http) {
    hec_ack_timing timing;
    timing.timeout = http.hec_ack_timeout;
    return timing;
}

bool is_success(unsigned status) {
    return http::classify(status) == http::status_class::ok;
}

}  // namespace

std::optional<hec_endpoints> parse_hec_url(std::string_view url) {
    const auto parts = http::parse_url(url);
    if (!parts || parts->path.find('?') != std::string::npos) return std::nullopt;
    std::string_view path = parts->path;
    while (path.ends_with('/')) path.remove_suffix(1);
    for (const auto suffix : endpoint_suffixes) {
        if (path.ends_with(suffix)) {
            path.remove_suffix(suffix.size());
            break;
        }
    }
    const std::string prefix(path);
    return hec_endpoints{
        parts->origin(), prefix + "/services/collector/event", prefix + "/services/collector/ack"};
}

splunk_hec_sink::splunk_hec_sink(const config::sink_config& config,
                                 boost::asio::any_io_executor executor)
    : splunk_hec_sink(config, std::move(executor), timing_of(config.http)) {}

splunk_hec_sink::splunk_hec_sink(const config::sink_config& config,
                                 boost::asio::any_io_executor executor,
                                 hec_ack_timing timing)
    : executor_(std::move(executor)),
      index_(config.http.index),
      gzip_(config.http.gzip),
      ack_(config.http.hec_ack),
      timing_(timing),
      builder_(hec_event_meta{config.http.source, config.http.sourcetype, config.http.index, {}}) {
    auto endpoints = endpoints_of(config);
    name_ = "splunk_hec:" + endpoints.origin;
    event_target_ = std::move(endpoints.event_target);
    ack_target_ = std::move(endpoints.ack_target);
    check_tls_support(config, name_);
    authorization_ = "Splunk " + read_token(config, name_);
    token_origin_ = describe_origin(config.http.secret);
    if (ack_) channel_ = make_hec_channel();
    if (config.http.tls.insecure_skip_verify) {
        spdlog::warn("{}: TLS certificate verification is off (tls.insecure_skip_verify)", name_);
    }
    const bool tls = endpoints.origin.starts_with("https://");
    if (!tls) {
        spdlog::warn(
            "{}: the url is http://: the HEC token and the events cross the network "
            "unencrypted; use https:// unless the network to Splunk is trusted",
            name_);
    }
    try {
        client_ = std::make_unique<http::client>(
            executor_, endpoints.origin, client_options_of(config.http, tls));
    } catch (const std::invalid_argument& e) {
        throw sink_error(name_ + ": " + e.what());
    }
}

splunk_hec_sink::~splunk_hec_sink() = default;

http::request splunk_hec_sink::make_request(const std::string& target,
                                            std::string body,
                                            bool gzipped) const {
    http::request req;
    req.method = "POST";
    req.target = target;
    req.headers.push_back({"Authorization", authorization_});
    req.headers.push_back({"Content-Type", "application/json"});
    if (gzipped) req.headers.push_back({"Content-Encoding", "gzip"});
    if (!channel_.empty()) req.headers.push_back({"X-Splunk-Request-Channel", channel_});
    req.body = std::move(body);
    return req;
}

boost::asio::awaitable<send_result> splunk_hec_sink::send(std::span<const event> events) {
    if (events.empty()) co_return send_result::accepted();
    std::string payload;
    builder_.build(payload, events);
    http::response res;
    try {
        if (gzip_) payload = http_support::gzip(payload);  // throws only when out of memory
        // Named, not a temporary inside the co_await: GCC 12 mishandles such temporaries.
        http::request req = make_request(event_target_, std::move(payload), gzip_);
        res = co_await client_->send(std::move(req));
    } catch (const std::runtime_error& e) {  // http::transport_error, or gzip out of memory
        co_return transport_failure(e);
    }
    const hec_reply reply = parse_hec_reply(res.body);
    std::optional<milliseconds> retry_after;
    if (const auto after = http::retry_after(res)) retry_after = *after;
    const hec_reply_context context{name_, index_, token_origin_, ack_};
    auto result = interpret_hec_reply(res.status, reply, events.size(), context, retry_after);
    if (!ack_ || !is_success(res.status)) co_return result;
    if (!reply.ack_id) {
        ack_ = false;  // the token does not use acknowledgement
        co_return fall_back_to_200("HEC answered 200 without an ackId");
    }
    co_return co_await await_ack(*reply.ack_id);
}

boost::asio::awaitable<send_result> splunk_hec_sink::await_ack(std::uint64_t ack_id) {
    hec_ack_schedule schedule(
        hec_ack_schedule::clock::now(), timing_.timeout, timing_.first_query, timing_.max_interval);
    boost::asio::steady_timer timer(executor_);
    while (const auto wait = schedule.next_wait(hec_ack_schedule::clock::now())) {
        timer.expires_after(*wait);
        co_await timer.async_wait(boost::asio::use_awaitable);
        if (auto answer = co_await query_ack(ack_id)) co_return *std::move(answer);
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timing_.timeout);
    co_return send_result::failed(
        send_status::retry,
        name_ + ": indexer acknowledgement of ackId " + std::to_string(ack_id) +
            " did not arrive within " + std::to_string(seconds.count()) +
            "s (ack_timeout); sending the batch again, so Splunk may index it twice");
}

// nullopt: not acknowledged yet (or the query failed in a way worth asking again).
boost::asio::awaitable<std::optional<send_result>> splunk_hec_sink::query_ack(
    std::uint64_t ack_id) {
    http::response res;
    try {
        http::request req = make_request(ack_target_, hec_ack_query(ack_id), false);
        res = co_await client_->send(std::move(req));
    } catch (const http::transport_error& e) {
        spdlog::debug("{}: acknowledgement query failed: {}", name_, e.what());
        co_return std::nullopt;
    }
    if (is_success(res.status)) {
        const auto indexed = parse_hec_ack_status(res.body, ack_id);
        if (!indexed) {
            co_return fall_back_to_200("the ack endpoint's answer is not {\"acks\":{..}}");
        }
        if (*indexed) co_return send_result::accepted();
        co_return std::nullopt;
    }
    const hec_reply reply = parse_hec_reply(res.body);
    if (res.status == 400 && reply.code == 14) {
        ack_ = false;  // for good: the token has it switched off
        co_return fall_back_to_200("HEC says the token has indexer acknowledgement disabled");
    }
    if (http::classify(res.status) == http::status_class::retry) co_return std::nullopt;
    const hec_reply_context context{name_, index_, token_origin_, true};
    if (http::refuses_credentials(http::classify(res.status))) {
        co_return interpret_hec_reply(res.status, reply, 0, context, std::nullopt);
    }
    // As Vector does: an ack endpoint that errors is no reason to hold data HEC took with a 200.
    co_return fall_back_to_200("the ack endpoint answered HTTP " + std::to_string(res.status) +
                               " " + reply.text);
}

// Called with ack_ already cleared when the token has acknowledgement off: then it says so once.
send_result splunk_hec_sink::fall_back_to_200(const std::string& why) {
    if (!ack_) {
        spdlog::warn(
            "{}: {}; counting HEC's 200 as delivered from now on (set ack: false "
            "for this sink to silence this)",
            name_,
            why);
    } else {
        spdlog::warn("{}: {}; counting HEC's 200 as delivered for this batch", name_, why);
    }
    return send_result::accepted();
}

send_result splunk_hec_sink::transport_failure(const std::exception& e) const {
    return send_result::failed(send_status::retry, name_ + ": " + e.what());
}

boost::asio::awaitable<void> splunk_hec_sink::stop() {
    co_await client_->close();
}

std::unique_ptr<sfc::sink> make_splunk_hec_sink(const config::sink_config& config,
                                                boost::asio::any_io_executor executor) {
    return std::make_unique<splunk_hec_sink>(config, std::move(executor));
}

}  // namespace sfc::sinks
