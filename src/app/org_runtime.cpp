#include "app/org_runtime.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <random>
#include <vector>

#include "app/counting_publisher.hpp"
#include "app/failure_streak.hpp"
#include "async/backoff.hpp"
#include "async/task_group.hpp"
#include "http/client.hpp"
#include "http/client_pool.hpp"
#include "salesforce/duration_text.hpp"
#include "salesforce/org_connection.hpp"
#include "salesforce/rest_client.hpp"
#include "sources/elf_source.hpp"
#include "sources/object_source.hpp"

namespace sfc::app {

namespace net = boost::asio;
using namespace std::chrono_literals;

namespace {

std::string interval_name(config::elf_interval i) {
    return i == config::elf_interval::daily ? "Daily" : "Hourly";
}

/// The org id from the token: the identity URL's, else the token's 15-char prefix.
std::string org_id_of(const auth::access_token& t) {
    if (!t.org_id.empty()) return t.org_id;
    return t.value.substr(0, std::min<std::size_t>(15, t.value.find('!')));
}

}  // namespace

/// One source and its own schedule: a failing object source backs off without holding up the
/// EventLogFile source, and the other way round.
struct source_slot {
    std::string name;
    std::function<net::awaitable<sources::poll_stats>()> poll;
    std::unique_ptr<counting_publisher> out;
    bool ok = true;
    std::optional<wall_time> last_success;
    std::string last_error;
    failure_streak failures;
    /// Events since the last line about this source: a quiet source still says it is alive,
    /// once an hour.
    std::uint64_t passes_since_line = 0;
    std::chrono::steady_clock::time_point last_line{};
};

struct org_runtime::parts {
    parts(net::any_io_executor ex, const config::org_config& o, org_shared s, std::uint64_t seed)
        : executor(ex),
          org(o),
          shared(s),
          rng(seed),
          origins(salesforce::origins_of(o.salesforce)),
          login(ex, origins.token, salesforce::org_client_options(o.salesforce, origins.token)),
          instance(ex,
                   origins.instance,
                   salesforce::org_client_options(o.salesforce, origins.instance),
                   o.salesforce.max_concurrent_requests),
          // A stop ends the requests in flight (a stalled login, a long download) at once
          // instead of at their deadlines; the sources then end as stopped.
          cancel_on_stop(shared.stop.on_request([this] {
              login.cancel();
              instance.cancel_all();
          })) {}

    net::any_io_executor executor;
    const config::org_config& org;
    org_shared shared;
    std::mt19937_64 rng;
    salesforce::org_origins origins;  // before the clients, which are built from it
    http::client login;
    http::client_pool instance;
    async::stop_signal::registration cancel_on_stop;  // after the clients: ends before them
    std::unique_ptr<auth::token_provider> tokens;
    std::unique_ptr<salesforce::rest_client> rest;
    std::unique_ptr<sources::elf_source> elf;
    std::vector<std::unique_ptr<sources::object_source>> objects;
    std::vector<source_slot> slots;
    bool logged_in = false;
    std::string login_error;
    failure_streak login_failures;
    std::string claimed;  // the org id this org holds in claimed_org_ids, released at the end

    net::awaitable<bool> connect(run_mode mode);
    std::unique_ptr<salesforce::rest_client> make_rest_client();
    bool claim(const std::string& org_id);
    void build_sources(const std::string& org_id);
    void add_slot(std::string name,
                  std::function<net::awaitable<sources::poll_stats>()> poll,
                  std::unique_ptr<counting_publisher> out) {
        source_slot& slot = slots.emplace_back();
        slot.name = std::move(name);
        slot.poll = std::move(poll);
        slot.out = std::move(out);
        slot.last_line = shared.clock.steady_now();
    }
    net::awaitable<bool> poll_once(source_slot& slot);
    void log_pass(source_slot& slot, const sources::poll_stats& stats);
    net::awaitable<void> run_source(source_slot& slot, run_mode mode);
    std::chrono::milliseconds next_poll_delay();
};

org_runtime::org_runtime(net::any_io_executor executor,
                         const config::org_config& org,
                         org_shared shared,
                         std::uint64_t seed)
    : parts_(std::make_unique<parts>(executor, org, shared, seed)) {}

// A reload may start the org again: its org id is free once this one is gone.
org_runtime::~org_runtime() {
    release_claim();
}

void org_runtime::release_claim() {
    if (!parts_->claimed.empty()) parts_->shared.claimed_org_ids.erase(parts_->claimed);
    parts_->claimed.clear();
}

const std::string& org_runtime::name() const {
    return parts_->org.name;
}

std::unique_ptr<salesforce::rest_client> org_runtime::parts::make_rest_client() {
    salesforce::rest_settings s;
    s.budget.max_share = org.salesforce.max_api_share;
    s.budget.check_interval = org.salesforce.limits_check_interval;
    s.budget.org = org.name;
    s.seed = rng();
    return std::make_unique<salesforce::rest_client>(
        instance, *tokens, org.salesforce.api_version, shared.stop, s);
}

bool org_runtime::parts::claim(const std::string& org_id) {
    if (shared.claimed_org_ids.insert(org_id).second) {
        claimed = org_id;
        return true;
    }
    // Not retried: logging in again cannot change which org the credentials belong to.
    spdlog::error(
        "org {}: org id {} is already collected under another name in orgs:; remove "
        "one of the two entries (they would share cursors)",
        org.name,
        org_id);
    return false;
}

/// Logs in and builds the sources, which need the org id. Retries with backoff when running as a
/// daemon, since the operator may fix the org side (approval, certificate) without a restart.
net::awaitable<bool> org_runtime::parts::connect(run_mode mode) {
    async::backoff retry(5s, 5min, rng());
    while (!shared.stop.requested()) {
        std::string failure;
        try {
            if (!tokens)
                tokens = salesforce::make_token_provider(org.salesforce, login, shared.clock);
            if (!rest) rest = make_rest_client();
            const auto token = co_await tokens->token();
            const std::string org_id = org_id_of(token);
            if (!claim(org_id)) co_return false;
            build_sources(org_id);
            logged_in = true;
            login_error.clear();
            const auto recovered = login_failures.succeeded();
            spdlog::info("org {}: logged in to {} (org id {}){}{}",
                         org.name,
                         org.salesforce.instance_url,
                         org_id,
                         recovered ? "; " : "",
                         recovered.value_or(""));
            co_return true;
        } catch (const std::exception& e) {
            failure = e.what();
        }
        if (shared.stop.requested()) break;  // the stop cancelled the login: not a failure
        login_error = failure;
        if (mode == run_mode::once) {
            spdlog::error("org {}: login to Salesforce failed: {}", org.name, failure);
            co_return false;
        }
        const auto delay = retry.next();
        spdlog::error("org {}: login to Salesforce failed: {}; next try in {}",
                      org.name,
                      login_failures.failed(failure, shared.clock.now()),
                      salesforce::duration_text(delay));
        if (!co_await shared.stop.sleep_for(delay)) break;
    }
    co_return false;
}

void org_runtime::parts::build_sources(const std::string& org_id) {
    if (org.event_log_file.enabled) {
        sources::elf_source_settings s;
        s.org_id = org_id;
        s.org_name = org.name;
        s.event_types = org.event_log_file.event_types;
        s.interval = interval_name(org.event_log_file.interval);
        s.initial_lookback = shared.collection.initial_lookback;
        s.settle = org.event_log_file.settle;
        s.concurrent_downloads = org.salesforce.max_concurrent_requests;
        auto out = std::make_unique<counting_publisher>(
            shared.out, shared.store, "org " + org.name + ": EventLogFile");
        elf = std::make_unique<sources::elf_source>(*rest,
                                                    s,
                                                    shared.store,
                                                    *out,
                                                    shared.stop,
                                                    shared.clock,
                                                    async::backoff(1s, 30s, rng()));
        elf->parse_on(shared.cpu);
        out->set_cursor_key(elf->cursor_key());
        add_slot(
            "EventLogFile", [this] { return elf->poll(); }, std::move(out));
    }
    for (const auto& object : org.objects) {
        sources::object_source_settings s;
        s.org_id = org_id;
        s.org_name = org.name;
        s.object = object;
        s.initial_lookback = shared.collection.initial_lookback;
        auto out = std::make_unique<counting_publisher>(
            shared.out, shared.store, "org " + org.name + ": " + object.name);
        auto& src = objects.emplace_back(std::make_unique<sources::object_source>(
            *rest, s, shared.store, *out, shared.stop, shared.clock));
        out->set_cursor_key(src->cursor_key());
        add_slot(
            object.name, [p = src.get()] { return p->poll(); }, std::move(out));
    }
}

/// One pass of one source; false when it failed (already logged).
net::awaitable<bool> org_runtime::parts::poll_once(source_slot& slot) {
    std::string failure;
    try {
        const auto stats = co_await slot.poll();
        slot.last_success = shared.clock.now();
        slot.last_error.clear();
        log_pass(slot, stats);
        co_return true;
    } catch (const async::stopping&) {
        co_return true;
    } catch (const std::exception& e) {
        failure = e.what();
    }
    slot.last_error = failure;
    spdlog::error("org {}: {} pass failed: {}",
                  org.name,
                  slot.name,
                  slot.failures.failed(failure, shared.clock.now()));
    co_return false;
}

/// A pass that found events says so; a quiet source says once an hour that it is still polling,
/// so a silent log means a stuck collector, not a quiet org.
void org_runtime::parts::log_pass(source_slot& slot, const sources::poll_stats& stats) {
    const auto now = shared.clock.steady_now();
    ++slot.passes_since_line;
    if (auto recovered = slot.failures.succeeded()) {
        spdlog::info("org {}: {} {}", org.name, slot.name, *recovered);
    }
    if (stats.events > 0 || stats.files > 0) {
        spdlog::info("org {}: {} pass done: {} events", org.name, slot.name, stats.events);
    } else if (now - slot.last_line >= std::chrono::hours(1)) {
        spdlog::info("org {}: {}: no new events in the last hour ({} passes); still polling",
                     org.name,
                     slot.name,
                     slot.passes_since_line);
    } else {
        return;
    }
    slot.passes_since_line = 0;
    slot.last_line = now;
}

std::chrono::milliseconds org_runtime::parts::next_poll_delay() {
    const double j = shared.collection.jitter;
    std::uniform_real_distribution<double> factor(1.0 - j, 1.0 + j);
    const auto base =
        std::chrono::duration_cast<std::chrono::milliseconds>(shared.collection.poll_interval);
    return std::chrono::milliseconds(
        static_cast<std::int64_t>(static_cast<double>(base.count()) * factor(rng)));
}

net::awaitable<void> org_runtime::parts::run_source(source_slot& slot, run_mode mode) {
    async::backoff failures(5s, 5min, rng());
    while (!shared.stop.requested()) {
        slot.ok = co_await poll_once(slot);
        if (mode == run_mode::once) break;
        // After a failure, back off (growing) instead of waiting a whole poll interval.
        const auto delay = slot.ok ? next_poll_delay() : failures.next();
        if (slot.ok) failures.reset();
        if (!co_await shared.stop.sleep_for(delay)) break;
    }
}

net::awaitable<bool> org_runtime::run(run_mode mode) {
    auto& p = *parts_;
    salesforce::log_connection_warnings(p.org, p.origins);
    if (!co_await p.connect(mode)) co_return p.shared.stop.requested();
    async::task_group group(p.executor);
    for (auto& slot : p.slots) {
        group.spawn(p.run_source(slot, mode), "org " + p.org.name + ": " + slot.name);
    }
    co_await group.wait();
    // A daemon's failed passes were logged and retried until the stop: that is a clean end.
    if (mode == run_mode::forever) co_return true;
    bool ok = true;
    for (const auto& slot : p.slots) ok = ok && slot.ok;
    co_return ok;
}

org_status org_runtime::status() const {
    const auto& p = *parts_;
    org_status out;
    out.name = p.org.name;
    out.logged_in = p.logged_in;
    out.login_error = p.login_error;
    if (p.rest) {
        out.requests = p.rest->counters();
        if (auto usage = p.rest->last_usage()) {
            out.api_used = usage->used;
            out.api_limit = usage->limit;
        }
    }
    for (const auto& slot : p.slots) {
        source_status src;
        src.name = slot.name;
        src.events_read = slot.out->events();
        src.cursor_time = slot.out->cursor_time();
        src.last_success = slot.last_success;
        src.last_pass_ok = slot.ok;
        src.last_error = slot.last_error;
        out.sources.push_back(std::move(src));
    }
    return out;
}

net::awaitable<void> org_runtime::close() {
    co_await parts_->login.close();
    co_await parts_->instance.close();
}

}  // namespace sfc::app
