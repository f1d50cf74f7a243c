#include "check/sink_probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/this_coro.hpp>

#include <exception>
#include <span>
#include <string>

#include "check/file_sink_step.hpp"
#include "check/reach_advice.hpp"
#include "check/sink_label.hpp"
#include "salesforce/errors.hpp"
#include "sinks/http_sink.hpp"
#include "sinks/secret.hpp"
#include "sinks/sink_error.hpp"
#include "sinks/splunk_hec_sink.hpp"
#include "sinks/syslog_transport.hpp"

namespace sfc::check {
namespace {

namespace net = boost::asio;

constexpr std::chrono::seconds connect_timeout{10};

reach_settings settings_of(const config::sink_config& sink) {
    const bool syslog = sink.type == config::sink_type::syslog;
    return {
        syslog ? "the sink's host: and port:" : "the sink's url:", "the sink's tls.ca_file", ""};
}

/// Opens (and for TLS handshakes) the connection the sink would use, sending nothing: an empty
/// delivery connects and writes no byte.
net::awaitable<verdict> probe_stream(const config::syslog_sink_config& target,
                                     const std::string& peer,
                                     const config::sink_config& sink) {
    sinks::syslog_timeouts timeouts;
    timeouts.connect = connect_timeout;
    const net::any_io_executor executor = co_await net::this_coro::executor;
    auto transport = target.transport == config::syslog_transport::udp
                         ? sinks::make_udp_transport(target, executor, peer, timeouts)
                         : sinks::make_stream_transport(target, executor, peer, timeouts);
    const std::span<const std::string> nothing;
    const sinks::transport_result result = co_await transport->deliver(nothing);
    co_await transport->close();
    if (!result.error.empty()) co_return unreachable(result.error, settings_of(sink));
    if (target.transport == config::syslog_transport::udp) {
        co_return passed(peer + ": resolved; UDP has no answer, so delivery cannot be confirmed");
    }
    const bool tls = target.transport == config::syslog_transport::tls;
    co_return passed(peer + (tls ? ": DNS, TCP and TLS ok" : ": DNS and TCP ok"));
}

net::awaitable<verdict> probe_syslog(const config::sink_config& sink) {
    const auto& s = sink.syslog;
    const std::string scheme = s.transport == config::syslog_transport::udp   ? "udp://"
                               : s.transport == config::syslog_transport::tls ? "tls://"
                                                                              : "tcp://";
    const bool v6 = s.host.find(':') != std::string::npos;
    const std::string peer =
        scheme + (v6 ? "[" + s.host + "]" : s.host) + ":" + std::to_string(s.port);
    co_return co_await probe_stream(s, peer, sink);
}

/// The http sink's peer as a stream target (its host and port, TLS for https): the check
/// connects without sending a request the receiver would take for a batch.
net::awaitable<verdict> probe_http(const config::sink_config& sink) {
    const auto url = sinks::http_support::parse_sink_url(sink.http, sink_step(sink));
    config::syslog_sink_config target;
    target.host = url.host;
    target.port = static_cast<std::uint16_t>(std::stoi(url.port));
    target.transport = url.tls ? config::syslog_transport::tls : config::syslog_transport::tcp;
    target.tls = sink.http.tls;
    const std::string peer = url.origin();
    co_return co_await probe_stream(target, peer, sink);
}

/// GET `target` on the sink's origin, with `authorization` when given.
net::awaitable<http::response> get(const config::sink_config& sink,
                                   const std::string& origin,
                                   const std::string& target,
                                   const std::optional<std::string>& authorization) {
    const net::any_io_executor executor = co_await net::this_coro::executor;
    http::client client(
        executor, origin, sinks::http_support::client_options(sink.http, sink_step(sink)));
    http::request req;
    req.target = target;
    req.headers.push_back({"Accept", "application/json"});
    if (authorization) req.headers.push_back({"Authorization", *authorization});
    http::response response = co_await client.send(std::move(req));
    co_await client.close();
    co_return response;
}

std::string answer_text(const http::response& r) {
    return "HTTP " + std::to_string(r.status) + " (" + salesforce::one_line(r.body, 120) + ")";
}

net::awaitable<verdict> probe_elasticsearch(const config::sink_config& sink) {
    const std::string step = sink_step(sink);
    const auto url = sinks::http_support::parse_sink_url(sink.http, step);
    const auto authorization = sinks::http_support::authorization(sink.http, step);
    std::string target = url.path;
    if (!target.ends_with('/')) target += '/';
    const std::string origin = url.origin();
    const http::response r = co_await get(sink, origin, target, authorization);
    const std::string asked = origin + target;
    if (r.status == 401 || r.status == 403) {
        co_return failed("GET " + asked + " answered " + answer_text(r) +
                             ": the credentials are refused; check auth, username and "
                             "secret_file or secret_env",
                         check_refused);
    }
    if (r.status != 200) {
        co_return failed("GET " + asked + " answered " + answer_text(r) +
                             "; check that url is the Elasticsearch base URL",
                         check_failed);
    }
    co_return passed("GET " + asked + " answered 200" +
                     (authorization ? " with the configured credentials" : ""));
}

net::awaitable<verdict> probe_splunk_hec(const config::sink_config& sink) {
    const std::string step = sink_step(sink);
    const auto endpoints = sinks::parse_hec_url(sink.http.url);
    if (!endpoints) co_return failed(step + ": url is not an HEC URL", check_config);
    // Read now, as the sink does at start-up; the health endpoint itself needs no token.
    sinks::read_secret(sink.http.secret, step + " secret_file or secret_env (the HEC token)");
    std::string target = endpoints->event_target;
    target.replace(target.rfind("/event"), 6, "/health");
    const std::optional<std::string> no_token;
    const http::response r = co_await get(sink, endpoints->origin, target, no_token);
    const std::string asked = endpoints->origin + target;
    if (r.status != 200) {
        co_return failed("GET " + asked + " answered " + answer_text(r) +
                             (r.status == 503 ? ": HEC's queues are full or indexer "
                                                "acknowledgement is unavailable"
                                              : "; check that url is the HEC base URL"),
                         check_failed);
    }
    co_return passed("GET " + asked + " answered 200 (" + salesforce::one_line(r.body, 80) + ")");
}

net::awaitable<verdict> probe(const config::sink_config& sink) {
    switch (sink.type) {
        case config::sink_type::stdout_lines:
            co_return passed("writes to standard output");
        case config::sink_type::file:
            co_return check_file_sink(sink.path);
        case config::sink_type::syslog:
            co_return co_await probe_syslog(sink);
        case config::sink_type::http:
            co_return co_await probe_http(sink);
        case config::sink_type::elasticsearch:
            co_return co_await probe_elasticsearch(sink);
        case config::sink_type::splunk_hec:
            co_return co_await probe_splunk_hec(sink);
    }
    co_return failed("unknown sink type", check_config);
}

net::awaitable<void> probe_all(const std::vector<config::sink_config>& sinks, report& out) {
    for (const auto& sink : sinks) {
        verdict v;
        try {
            v = co_await probe(sink);
        } catch (const http::transport_error& e) {
            v = unreachable(e.what(), settings_of(sink));
        } catch (const sinks::sink_error& e) {  // an unreadable secret, CA file, bad URL
            v = failed(e.what(), check_config);
        } catch (const std::exception& e) {
            v = failed(e.what(), check_failed);
        }
        out.add(sink_step(sink), v);
    }
}

}  // namespace

void run_sink_probes(const std::vector<config::sink_config>& sinks, report& out) {
    net::io_context io(1);
    std::exception_ptr failure;
    net::co_spawn(io, probe_all(sinks, out), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sfc::check
