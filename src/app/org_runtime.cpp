#include "app/org_runtime.hpp"

#include <spdlog/spdlog.h>

#include "auth/jwt_bearer_provider.hpp"
#include "crypto/private_key.hpp"
#include "http/client.hpp"
#include "pipeline/pipeline.hpp"
#include "salesforce/errors.hpp"
#include "salesforce/rest_client.hpp"
#include "sinks/factory.hpp"
#include "sources/elf_source.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::app {

namespace net = boost::asio;
using namespace std::chrono_literals;

namespace {

http::client_options client_options(const config::salesforce_config& sf) {
    http::client_options o;
    o.tls.ca_file = sf.ca_file;
    o.tls.insecure_skip_verify = sf.tls_insecure_skip_verify;
    o.user_agent = std::string("sfcollector/") + SFC_VERSION_STRING;
    return o;
}

std::string origin_of(const std::string& url) {
    auto parts = http::parse_https_url(url);
    if (!parts) throw std::runtime_error("not an https URL: " + url);
    return parts->origin();
}

std::vector<pipeline::sink_entry> make_sinks(const std::vector<config::sink_config>& configs,
                                             net::any_io_executor ex,
                                             const sfc::clock& clock) {
    std::vector<pipeline::sink_entry> out;
    for (const auto& c : configs) {
        out.push_back({sinks::make_sink(c, ex, clock),
                       pipeline::batching{c.batch_max_events, c.batch_max_bytes, c.batch_linger}});
    }
    return out;
}

config::pipeline_config with_defaults(config::pipeline_config p, const config::collector_config& c) {
    if (p.dead_letter_path.empty()) p.dead_letter_path = c.state_dir / "dead-letter.jsonl";
    return p;
}

std::string interval_name(config::elf_interval i) {
    return i == config::elf_interval::daily ? "Daily" : "Hourly";
}

/// The org id from the token: the identity URL's, else the token's 15-char prefix.
std::string org_id_of(const auth::access_token& t) {
    if (!t.org_id.empty()) return t.org_id;
    return t.value.substr(0, std::min<std::size_t>(15, t.value.find('!')));
}

}  // namespace

struct org_runtime::parts {
    parts(net::any_io_executor ex,
          const config::collector_config& c,
          const sfc::clock& clk,
          std::uint64_t seed)
        : cfg(c),
          clock(clk),
          rng(seed),
          stop(ex),
          login(ex, origin_of(c.salesforce.login_url), client_options(c.salesforce)),
          instance(ex, origin_of(c.salesforce.instance_url), client_options(c.salesforce)),
          tokens(login,
                 auth::jwt_bearer_settings{
                     crypto::load_private_key_file(c.salesforce.private_key),
                     c.salesforce.client_id, c.salesforce.username,
                     c.salesforce.audience.empty() ? c.salesforce.login_url
                                                   : c.salesforce.audience},
                 clk),
          rest(instance, tokens, c.salesforce.api_version),
          store(c.state_dir),
          out(ex, with_defaults(c.pipeline, c), make_sinks(c.sinks, ex, clk), clk, stop,
              seed + 1) {}

    const config::collector_config& cfg;
    const sfc::clock& clock;
    std::mt19937_64 rng;
    pipeline::stop_signal stop;
    http::client login;
    http::client instance;
    auth::jwt_bearer_provider tokens;
    salesforce::rest_client rest;
    state::checkpoint_store store;
    pipeline::pipeline out;
    std::unique_ptr<sources::elf_source> elf;

    net::awaitable<bool> connect(run_mode mode);
    net::awaitable<bool> poll_once();
    std::chrono::milliseconds next_poll_delay();
};

org_runtime::org_runtime(net::any_io_executor executor,
                         const config::collector_config& cfg,
                         const sfc::clock& clock,
                         std::uint64_t seed)
    : parts_(std::make_unique<parts>(executor, cfg, clock, seed)) {}

org_runtime::~org_runtime() = default;

void org_runtime::request_stop() { parts_->stop.request(); }

/// Logs in and builds the sources, which need the org id. Retries with backoff when running as a
/// daemon, since the operator may fix the org side (approval, certificate) without a restart.
net::awaitable<bool> org_runtime::parts::connect(run_mode mode) {
    pipeline::backoff retry(5s, 5min, rng());
    while (!stop.requested()) {
        std::string failure;
        try {
            const auto token = co_await tokens.token();
            sources::elf_source_settings s;
            s.org_id = org_id_of(token);
            s.event_types = cfg.event_log_file.event_types;
            s.interval = interval_name(cfg.event_log_file.interval);
            s.initial_lookback = cfg.collection.initial_lookback;
            elf = std::make_unique<sources::elf_source>(rest, s, store, out, stop, clock,
                                                        pipeline::backoff(1s, 30s, rng()));
            co_return true;
        } catch (const std::exception& e) {
            failure = e.what();
        }
        spdlog::error("login to Salesforce failed: {}", failure);
        if (mode == run_mode::once) co_return false;
        if (!co_await stop.sleep_for(retry.next())) break;
    }
    co_return false;
}

/// One pass over the sources; false when it failed (already logged).
net::awaitable<bool> org_runtime::parts::poll_once() {
    try {
        if (!cfg.event_log_file.enabled) co_return true;
        const auto stats = co_await elf->poll();
        if (stats.files > 0) {
            spdlog::info("EventLogFile pass done: {} file(s), {} events", stats.files,
                         stats.events);
        }
        if (const auto usage = rest.last_usage()) {
            spdlog::debug("Salesforce API usage: {} of {} daily requests", usage->used,
                          usage->limit);
        }
        co_return true;
    } catch (const pipeline::stopping&) {
        co_return true;
    } catch (const std::exception& e) {
        spdlog::error("EventLogFile pass failed: {}", e.what());
    }
    co_return false;
}

std::chrono::milliseconds org_runtime::parts::next_poll_delay() {
    const double j = cfg.collection.jitter;
    std::uniform_real_distribution<double> factor(1.0 - j, 1.0 + j);
    const auto base = std::chrono::duration_cast<std::chrono::milliseconds>(
        cfg.collection.poll_interval);
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(rng)));
}

net::awaitable<int> org_runtime::run(run_mode mode) {
    auto& p = *parts_;
    p.out.start();
    if (!co_await p.connect(mode)) {
        co_await p.out.drain();
        co_return p.stop.requested() ? exit_ok : exit_failure;
    }
    pipeline::backoff failures(5s, 5min, p.rng());
    int code = exit_ok;
    while (!p.stop.requested()) {
        const bool ok = co_await p.poll_once();
        if (mode == run_mode::once) {
            code = ok ? exit_ok : exit_failure;
            break;
        }
        // After a failure, back off (growing) instead of waiting a whole poll interval.
        const auto delay = ok ? p.next_poll_delay() : failures.next();
        if (ok) failures.reset();
        if (!co_await p.stop.sleep_for(delay)) break;
    }
    // Sources are done: let the sinks deliver what is queued, so the cursors can catch up.
    const bool delivered = co_await p.out.drain();
    co_await p.login.close();
    co_await p.instance.close();
    if (p.out.failure()) co_return exit_failure;
    if (mode == run_mode::once && !delivered) co_return exit_failure;
    co_return code;
}

}  // namespace sfc::app
