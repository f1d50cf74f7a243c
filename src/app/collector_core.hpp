#pragma once
// The orgs and what they share: one pipeline to the sinks, one state directory, one stop funnel;
// and the reload that swaps parts of them for a new configuration. Asio types only: Beast stays
// in the .cpp files.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <list>
#include <memory>
#include <set>
#include <string>

#include "app/collector.hpp"
#include "app/collector_status.hpp"
#include "app/worker_thread.hpp"
#include "async/notifier.hpp"
#include "async/stop_signal.hpp"
#include "async/task_group.hpp"
#include "pipeline/pipeline.hpp"
#include "platform/dir_lock.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::app {

class org_runtime;

/// Moments the service manager hears about (systemd's READY=1, RELOADING=1, STOPPING=1).
struct collector_hooks {
    std::function<void()> started;    ///< sinks started, orgs starting
    std::function<void()> reloading;  ///< a reload began
    std::function<void()> reloaded;   ///< it ended (applied or refused)
};

class collector {
public:
    collector(boost::asio::any_io_executor executor,
              config::collector_config cfg,
              const sfc::clock& clock,
              std::uint64_t seed,
              collector_hooks hooks = {});
    ~collector();

    boost::asio::awaitable<int> run(run_mode mode);
    void request_stop();
    bool stopping() const { return stop_.requested(); }
    void reopen_sinks();
    /// SIGHUP: reads the config file again. Invalid: logged, the running one is kept. Valid: orgs
    /// that changed restart; new sinks or pipeline settings restart everything; cursors are kept.
    void reload();

    collector_status status() const;
    const config::collector_config& config() const { return cfg_; }
    wall_time started() const { return started_; }
    const sfc::clock& clock() const { return clock_; }

private:
    struct org_slot {
        std::unique_ptr<config::org_config> cfg;  // the runtime keeps a reference to it
        std::unique_ptr<async::stop_signal> stop;
        std::unique_ptr<org_runtime> runtime;
        bool running = false;
        bool ok = true;
    };

    std::unique_ptr<pipeline::pipeline> make_pipeline();
    void spawn_org(org_slot& slot);
    boost::asio::awaitable<void> run_org(org_slot& slot);
    boost::asio::awaitable<void> follow_stop();
    boost::asio::awaitable<void> reload_task();
    boost::asio::awaitable<void> restart_orgs(const config::collector_config& next);
    boost::asio::awaitable<void> restart_all(config::collector_config next);
    /// Stops the org and waits for its task to end; its batches may still be queued.
    boost::asio::awaitable<void> stop_org(org_slot& slot);
    org_slot& add_org(const config::org_config& org);
    void log_summary() const;

    boost::asio::any_io_executor executor_;
    config::collector_config cfg_;
    const sfc::clock& clock_;
    std::uint64_t seed_;
    collector_hooks hooks_;
    /// Parses downloads beside the main thread; outlives every org that hands work to it.
    worker_thread cpu_;
    wall_time started_;
    async::stop_signal stop_;
    state::checkpoint_store store_;
    /// Two collectors on one state_dir would share cursors: the second refuses to start.
    platform::dir_lock lock_;
    std::unique_ptr<pipeline::pipeline> out_;
    std::set<std::string> claimed_;
    std::list<org_slot> orgs_;
    /// Orgs a reload replaced: kept until the end, since batches they published may still be
    /// queued and their cursors are saved when those are delivered.
    std::list<org_slot> retired_;
    std::unique_ptr<async::task_group> tasks_;
    async::notifier changed_;  ///< an org task ended, or a reload did
    std::size_t running_ = 0;
    bool reloading_ = false;
    bool reload_again_ = false;
    run_mode mode_ = run_mode::forever;
};

}  // namespace sfc::app
