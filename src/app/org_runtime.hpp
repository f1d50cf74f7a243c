#pragma once
// Everything that collects from one org: its connections, token provider, REST client, API
// budget and sources, each source polling on its own schedule. One org failing (bad
// credentials, an outage) only ever stops its own sources.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "app/collector.hpp"
#include "app/collector_status.hpp"
#include "async/stop_signal.hpp"
#include "pipeline/publisher.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::app {

/// What every org shares with the others: the pipeline, the state directory, the stop funnel.
struct org_shared {
    pipeline::publisher& out;
    state::checkpoint_store& store;
    async::stop_signal& stop;
    const sfc::clock& clock;
    const config::collection_config& collection;
    /// Org ids already collected by another configured org: two configs for one org would
    /// share cursors.
    std::set<std::string>& claimed_org_ids;
    /// Where CPU-heavy work (parsing downloads) runs, beside the org's own executor.
    boost::asio::any_io_executor cpu;
};

class org_runtime {
public:
    org_runtime(boost::asio::any_io_executor executor,
                const config::org_config& org,
                org_shared shared,
                std::uint64_t seed);
    ~org_runtime();

    /// Logs in, then polls every source until stopped (forever) or once. True when every pass
    /// succeeded (once) or the org ran until stopped (forever).
    boost::asio::awaitable<bool> run(run_mode mode);
    /// Closes the connections (after the pipeline drained).
    boost::asio::awaitable<void> close();
    const std::string& name() const;
    /// A reload replaced this org: its org id may be claimed by the new one.
    void release_claim();
    /// Where the org stands, for /metrics, /readyz and systemd's STATUS=.
    org_status status() const;

private:
    struct parts;
    std::unique_ptr<parts> parts_;
};

}  // namespace sfc::app
