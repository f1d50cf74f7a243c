// SIGHUP: the config is read again and only what changed restarts.
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "app/collector_core.hpp"
#include "app/org_runtime.hpp"
#include "config/config_error.hpp"
#include "config/load.hpp"

namespace sfc::app {

namespace net = boost::asio;

namespace {

const config::org_config* find_org(const config::collector_config& cfg, const std::string& name) {
    for (const auto& org : cfg.orgs) {
        if (org.name == name) return &org;
    }
    return nullptr;
}

/// What a reload cannot change in a running process; empty when nothing of it changed.
std::string needs_restart(const config::collector_config& now,
                          const config::collector_config& next) {
    if (next.state_dir != now.state_dir) return "state_dir";
    if (next.metrics != now.metrics) return "metrics";
    auto destination = now.logging;
    destination.level = next.logging.level;  // the level alone applies at once
    if (destination != next.logging) return "log_format or log_file";
    return "";
}

}  // namespace

void collector::reload() {
    if (stop_.requested() || mode_ != run_mode::forever) return;
    if (reloading_) {
        reload_again_ = true;  // the file changed again meanwhile: read it once more after
        return;
    }
    reloading_ = true;
    if (hooks_.reloading) hooks_.reloading();
    net::co_spawn(executor_, reload_task(), [this](std::exception_ptr ep) {
        if (ep) {
            try {
                std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                spdlog::error("reload failed: {}", e.what());
            }
        }
        reloading_ = false;
        changed_.notify_all();
        if (hooks_.reloaded) hooks_.reloaded();
        if (reload_again_ && !stop_.requested()) {
            reload_again_ = false;
            reload();
        }
    });
}

net::awaitable<void> collector::reload_task() {
    const auto path = cfg_.source_path;
    config::collector_config next;
    try {
        next = config::load_file(path);
    } catch (const config::config_error& e) {
        // One line per problem: each is its own journal entry.
        const std::string_view text = e.what();
        for (std::size_t at = 0; at < text.size();) {
            const auto end = std::min(text.find('\n', at), text.size());
            spdlog::error("reload refused: {}", text.substr(at, end - at));
            at = end + 1;
        }
        spdlog::error("reload refused: still running on the previous configuration");
        co_return;
    }
    if (const auto what = needs_restart(cfg_, next); !what.empty()) {
        spdlog::error(
            "reload refused: {} changed, which takes a restart (systemctl restart "
            "sfcollector); still running on the previous configuration",
            what);
        co_return;
    }
    // config::log_level lists the levels in spdlog's order, trace to error.
    spdlog::set_level(static_cast<spdlog::level::level_enum>(next.logging.level));
    if (next.sinks != cfg_.sinks || next.pipeline != cfg_.pipeline ||
        next.collection != cfg_.collection) {
        co_await restart_all(std::move(next));
    } else {
        co_await restart_orgs(next);
        cfg_.logging = next.logging;
        cfg_.orgs = next.orgs;
    }
}

net::awaitable<void> collector::stop_org(org_slot& slot) {
    slot.stop->request();
    while (slot.running) co_await changed_.wait();
    co_await slot.runtime->close();
    slot.runtime->release_claim();
}

net::awaitable<void> collector::restart_orgs(const config::collector_config& next) {
    std::size_t unchanged = 0;
    std::vector<std::string> restarted, added, removed;
    for (auto it = orgs_.begin(); it != orgs_.end();) {
        const config::org_config* wanted = find_org(next, it->cfg->name);
        if (wanted && *wanted == *it->cfg) {
            ++unchanged;
            ++it;
            continue;
        }
        (wanted ? restarted : removed).push_back(it->cfg->name);
        co_await stop_org(*it);
        auto retiring = it++;
        retired_.splice(retired_.end(), orgs_, retiring);
    }
    for (const auto& org : next.orgs) {
        bool present = false;
        for (const auto& slot : orgs_) present = present || slot.cfg->name == org.name;
        if (present) continue;
        if (std::find(restarted.begin(), restarted.end(), org.name) == restarted.end()) {
            added.push_back(org.name);
        }
        spawn_org(add_org(org));
    }
    const auto names = [](const std::vector<std::string>& v) {
        return v.empty() ? std::string("none") : fmt::format("{}", fmt::join(v, ", "));
    };
    spdlog::info("reloaded {}: orgs restarted: {}; added: {}; removed: {}; {} unchanged",
                 cfg_.source_path.string(),
                 names(restarted),
                 names(added),
                 names(removed),
                 unchanged);
}

net::awaitable<void> collector::restart_all(config::collector_config next) {
    spdlog::info(
        "reloading {}: the sinks or the pipeline changed, so every org and sink "
        "restarts (queued events are delivered first; cursors are kept)",
        cfg_.source_path.string());
    for (auto& slot : orgs_) slot.stop->request();
    out_->stop_intake();
    while (running_ > 0) co_await changed_.wait();
    co_await out_->drain();
    for (auto& slot : orgs_) {
        co_await slot.runtime->close();
        slot.runtime->release_claim();
    }
    // The old pipeline has run or dropped every callback into the old orgs: both can go.
    retired_.splice(retired_.end(), orgs_);
    auto old = std::move(out_);
    cfg_ = std::move(next);
    out_ = make_pipeline();
    out_->start();
    for (const auto& org : cfg_.orgs) spawn_org(add_org(org));
    spdlog::info("reloaded: {} org(s), {} sink(s)", cfg_.orgs.size(), cfg_.sinks.size());
    old.reset();
}

}  // namespace sfc::app
