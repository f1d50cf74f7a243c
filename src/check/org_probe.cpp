#include "check/org_probe.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "async/stop_signal.hpp"
#include "check/api_usage_step.hpp"
#include "check/api_version_step.hpp"
#include "check/clock_step.hpp"
#include "check/elf_summary.hpp"
#include "check/object_step.hpp"
#include "check/reach_advice.hpp"
#include "crypto/private_key.hpp"
#include "http/client_pool.hpp"
#include "salesforce/org_connection.hpp"
#include "salesforce/rest_client.hpp"
#include "salesforce/soql.hpp"
#include "util/secret.hpp"

namespace sfc::check {
namespace {

namespace net = boost::asio;

/// Pages of the last day's listing read at most (2000 files each, more than a day produces).
constexpr int max_listing_pages = 10;

/// A check answers in seconds or says why not: shorter deadlines than the collector's.
constexpr std::chrono::seconds connect_timeout{10};
constexpr std::chrono::seconds io_timeout{30};

salesforce::rest_settings rest_settings_for(const config::org_config& org) {
    salesforce::rest_settings s;
    s.retry.attempts = 2;  // one retry tells an outage from a hiccup
    // The check's few requests are not held back at max_api_share (a paused client waits for
    // hours); the API usage step reports the share instead.
    s.budget.max_share = 1.0;
    s.budget.org = org.name;
    return s;
}

/// The org id from the identity URL, else the token's prefix (the 15-char id, not a secret).
std::string org_id_of(const auth::access_token& t) {
    if (!t.org_id.empty()) return t.org_id;
    return t.value.substr(0, std::min<std::size_t>(15, t.value.find('!')));
}

/// An answer and this host's time when it came.
struct answer {
    http::response response;
    std::chrono::system_clock::time_point at;
};

class org_probe {
public:
    org_probe(net::any_io_executor executor, const config::org_config& org, report& out)
        : executor_(std::move(executor)),
          org_(org),
          sf_(org.salesforce),
          out_(out),
          stop_(executor_),
          jwt_(sf_.auth == config::auth_flow::jwt_bearer),
          user_(jwt_ ? sf_.username : "the External Client App's Run As user") {}

    net::awaitable<void> run(bool can_log_in);

private:
    bool make_clients();
    http::client_options options_for(const std::string& origin) const;
    reach_settings settings_for(const std::string& address_setting) const;
    net::awaitable<std::optional<answer>> reach(http::client& client,
                                                const std::string& step,
                                                const std::string& address_setting);
    net::awaitable<bool> log_in();
    void compare_instance(const auth::access_token& token);
    net::awaitable<bool> check_usage();
    net::awaitable<bool> check_read(const std::string& step,
                                    const std::string& object,
                                    const std::string& soql);
    net::awaitable<void> read_objects();
    net::awaitable<void> summarise_elf();
    net::awaitable<void> rest_phase(const std::optional<answer>& at_instance);
    std::string steps_from(std::string_view first) const;
    net::awaitable<void> close();

    net::any_io_executor executor_;
    const config::org_config& org_;
    const config::salesforce_config& sf_;
    report& out_;
    async::stop_signal stop_;
    sfc::system_clock clock_;
    bool jwt_;
    std::string user_;
    salesforce::org_origins origins_;
    std::unique_ptr<http::client> login_;
    std::unique_ptr<http::client> instance_;  ///< only when it is not the login origin
    std::unique_ptr<http::client_pool> pool_;
    std::unique_ptr<auth::token_provider> tokens_;
    std::unique_ptr<salesforce::rest_client> rest_;
};

http::client_options org_probe::options_for(const std::string& origin) const {
    http::client_options o = salesforce::org_client_options(sf_, origin);
    o.connect_timeout = connect_timeout;
    o.io_timeout = io_timeout;
    return o;
}

reach_settings org_probe::settings_for(const std::string& address_setting) const {
    return {address_setting, "salesforce.ca_file", "salesforce.proxy or HTTPS_PROXY"};
}

// The clients read ca_file and the proxy settings when they are made: a failure is the config's.
bool org_probe::make_clients() {
    try {
        origins_ = salesforce::origins_of(sf_);
        login_ =
            std::make_unique<http::client>(executor_, origins_.token, options_for(origins_.token));
        if (origins_.instance != origins_.token) {
            instance_ = std::make_unique<http::client>(
                executor_, origins_.instance, options_for(origins_.instance));
        }
        pool_ = std::make_unique<http::client_pool>(executor_,
                                                    origins_.instance,
                                                    options_for(origins_.instance),
                                                    sf_.max_concurrent_requests);
        return true;
    } catch (const std::exception& e) {
        out_.add("connection settings", failed(e.what(), check_config));
        return false;
    }
}

// GET /services/data/ needs no token: it proves DNS, TCP and TLS (through the proxy, if any),
// brings the server's Date and, from the instance, the versions it serves.
net::awaitable<std::optional<answer>> org_probe::reach(http::client& client,
                                                       const std::string& step,
                                                       const std::string& address_setting) {
    std::optional<answer> got;
    verdict v;
    try {
        http::request req;
        req.target = "/services/data/";
        req.headers.push_back({"Accept", "application/json"});
        http::response response = co_await client.send(std::move(req));
        got = answer{std::move(response), clock_.now()};
        std::string text = client.origin() + ": DNS, TCP and TLS ok";
        if (const auto proxy = options_for(client.origin()).proxy) {
            text += ", through proxy " + proxy->display;
        }
        v = passed(std::move(text));
    } catch (const http::transport_error& e) {
        v = unreachable(e.what(), settings_for(address_setting));
    } catch (const std::exception& e) {
        v = failed(e.what(), check_config);
    }
    out_.add(step, v);
    co_return got;
}

net::awaitable<bool> org_probe::log_in() {
    verdict v;
    std::optional<auth::access_token> token;
    try {
        tokens_ = salesforce::make_token_provider(sf_, *login_, clock_);
        token = co_await tokens_->token();
        v = passed("token for " + user_ + " (org id " + org_id_of(*token) + ", user id " +
                   token->user_id + ")");
    } catch (const auth::oauth_error& e) {
        v = failed(e.what(), e.permanent() ? check_refused : check_failed);
    } catch (const http::transport_error& e) {
        v = unreachable(e.what(),
                        settings_for(jwt_ ? "salesforce.login_url" : "salesforce.instance_url"));
    } catch (const util::secret_error& e) {
        v = failed(e.what(), check_config);
    } catch (const crypto::key_error& e) {
        v = failed(e.what(), check_refused);
    } catch (const std::exception& e) {
        v = failed(e.what(), check_failed);
    }
    out_.add("login", v);
    if (token) compare_instance(*token);
    co_return token.has_value();
}

// The collector sends its REST requests to salesforce.instance_url, whatever the token says.
void org_probe::compare_instance(const auth::access_token& token) {
    const auto named = http::parse_https_url(token.instance_url);
    if (!named || named->origin() == origins_.instance) return;
    out_.add("login",
             warning("Salesforce names " + named->origin() +
                     " as the org's instance, but salesforce.instance_url is " + origins_.instance +
                     "; set instance_url to the Current My Domain URL (External Client App "
                     "Step 6)"));
}

// False when no API request is left today: the queries would only wait for the allocation.
net::awaitable<bool> org_probe::check_usage() {
    verdict v;
    bool room = true;
    try {
        const salesforce::org_limits limits = co_await rest_->limits();
        const salesforce::api_usage usage = limits.daily_api_usage();
        v = judge_api_usage(usage, sf_.max_api_share);
        room = usage.limit == 0 || usage.used < usage.limit;
    } catch (const salesforce::api_error& e) {
        room = e.kind() != salesforce::error_kind::limit_exceeded;
        v = failed(std::string(e.what()) +
                       (room ? "; reading /limits needs the 'View Setup and Configuration' "
                               "permission: without it the collector cannot tell when to "
                               "resume after pausing at max_api_share"
                             : ": the org's daily API allocation is used up; the collector "
                               "waits until the rolling 24 h usage falls below "
                               "salesforce.max_api_share"),
                   check_failed);
    } catch (const http::transport_error& e) {
        v = unreachable(e.what(), settings_for("salesforce.instance_url"));
        room = false;
    }
    out_.add("API usage", v);
    co_return room;
}

net::awaitable<bool> org_probe::check_read(const std::string& step,
                                           const std::string& object,
                                           const std::string& soql) {
    verdict v;
    try {
        const salesforce::query_page page = co_await rest_->query(soql);
        v = passed("readable as " + user_ + (page.total_size == 0 ? " (no records yet)" : ""));
    } catch (const salesforce::api_error& e) {
        v = unreadable(object, e, user_);
    } catch (const http::transport_error& e) {
        v = unreachable(e.what(), settings_for("salesforce.instance_url"));
    } catch (const std::exception& e) {
        v = failed(e.what(), check_failed);
    }
    out_.add(step, v);
    co_return v.status == step_status::ok;
}

net::awaitable<void> org_probe::read_objects() {
    bool elf_readable = false;
    if (org_.event_log_file.enabled) {
        const std::string step = "EventLogFile";
        const std::string soql = event_log_file_probe_query();
        elf_readable = co_await check_read(step, step, soql);
    }
    for (const auto& object : org_.objects) {
        const std::string step = "object " + object.name;
        const std::string soql = probe_query(object);
        co_await check_read(step, object.object, soql);
    }
    if (elf_readable) co_await summarise_elf();
}

net::awaitable<void> org_probe::summarise_elf() {
    std::vector<verdict> lines;
    try {
        const auto since = clock_.now() - std::chrono::hours(24);
        const std::string soql = last_day_query(salesforce::soql_datetime(since));
        salesforce::query_page page = co_await rest_->query(soql);
        std::vector<std::string> records;
        for (int pages = 1;; ++pages) {
            for (auto& r : page.records_json) records.push_back(std::move(r));
            if (page.done || page.next_records_url.empty() || pages >= max_listing_pages) break;
            const std::string next = page.next_records_url;
            page = co_await rest_->query_more(next);
        }
        lines = summarise_last_day(records, org_.event_log_file);
    } catch (const std::exception& e) {  // api_error, transport_error: one line each
        lines.push_back(failed(e.what(), check_failed));
    }
    for (const auto& v : lines) out_.add("EventLogFile", v);
}

/// The REST steps from `first` on ("api version", "API usage", "EventLogFile", "object X"),
/// for a skip line.
std::string org_probe::steps_from(std::string_view first) const {
    std::vector<std::string> names = {"api version", "API usage"};
    if (org_.event_log_file.enabled) names.emplace_back("EventLogFile");
    for (const auto& object : org_.objects) names.push_back("object " + object.name);
    std::string out;
    bool on = false;
    for (const auto& name : names) {
        on = on || name == first;
        if (on) out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

net::awaitable<void> org_probe::close() {
    if (pool_) co_await pool_->close();
    if (instance_) co_await instance_->close();
    if (login_) co_await login_->close();
}

// After the token: the API version, then (when served) the usage and the reads.
net::awaitable<void> org_probe::rest_phase(const std::optional<answer>& at_instance) {
    if (!at_instance) {
        out_.add(steps_from("api version"), skipped("the instance host cannot be reached"));
        co_return;
    }
    const auto version = judge_api_version(at_instance->response.status,
                                           at_instance->response.body,
                                           sf_.api_version,
                                           origins_.instance);
    out_.add("api version", version.outcome);
    if (!version.served) {
        out_.add(steps_from("API usage"), skipped("every request would answer 404"));
        co_return;
    }
    rest_ = std::make_unique<salesforce::rest_client>(
        *pool_, *tokens_, sf_.api_version, stop_, rest_settings_for(org_));
    if (!co_await check_usage()) {
        const std::string rest = steps_from("EventLogFile");
        if (!rest.empty()) out_.add(rest, skipped("no API request can be made now"));
        co_return;
    }
    co_await read_objects();
}

net::awaitable<void> org_probe::run(bool can_log_in) {
    if (!make_clients()) co_return;
    const bool shared = !instance_;
    const std::string login_step = shared ? "Salesforce host" : "login host";
    const std::string login_setting = jwt_ ? "salesforce.login_url" : "salesforce.instance_url";
    const std::optional<answer> at_login = co_await reach(*login_, login_step, login_setting);
    std::optional<answer> at_instance = at_login;
    if (!shared) {
        const std::string step = "instance host";
        const std::string setting = "salesforce.instance_url";
        at_instance = co_await reach(*instance_, step, setting);
    }
    if (at_login) {
        out_.add(
            "clock",
            judge_clock(at_login->response.header("Date"), at_login->at, origins_.token, jwt_));
    }
    if (!at_login || !can_log_in) {
        out_.add("login, " + steps_from("api version"),
                 skipped(at_login ? "the key cannot be read" : "the token host cannot be reached"));
    } else if (co_await log_in()) {
        co_await rest_phase(at_instance);
    } else {
        out_.add(steps_from("api version"), skipped("no token"));
    }
    co_await close();
}

}  // namespace

void run_org_probe(const config::org_config& org, bool can_log_in, report& out) {
    net::io_context io(1);
    org_probe probe(io.get_executor(), org, out);
    std::exception_ptr failure;
    net::co_spawn(io, probe.run(can_log_in), [&](std::exception_ptr e) { failure = e; });
    io.run();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sfc::check
