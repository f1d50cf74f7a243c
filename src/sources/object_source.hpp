#pragma once
// SOQL object source: collects one object's new records (SetupAuditTrail, LoginHistory, the
// Real-Time Event Monitoring storage objects, or an operator-defined object with a named cursor
// field) as events. Standard objects are read in (cursor, id) order; big objects a window at a
// time, newest first (object_window_walk.hpp). Cursors are saved as the sinks accept the
// batches, so a restart repeats only what was in flight.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "async/stop_signal.hpp"
#include "pipeline/publisher.hpp"
#include "salesforce/object_query.hpp"
#include "salesforce/rest_client.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "sources/elf_source.hpp"  // poll_stats
#include "sources/object_batches.hpp"
#include "sources/object_event.hpp"
#include "sources/object_walk.hpp"
#include "state/checkpoint_store.hpp"

namespace sfc::sources {

struct object_source_settings {
    std::string org_id;                   ///< 18-char org id, part of every event id
    std::string org_name;                 ///< the org's name in the config, for log lines
    config::object_source_config object;  ///< with the catalogue's defaults filled in
    std::chrono::seconds initial_lookback{std::chrono::hours(24 * 7)};
    std::size_t batch_events = 1000;
    std::size_t batch_bytes = 1u << 20;
    /// Times one poll reads again from the cursor after an expired query locator
    /// (INVALID_QUERY_LOCATOR) before it gives up (the next poll starts over).
    unsigned locator_restarts = 3;
};

class object_source {
public:
    /// Throws std::invalid_argument, naming the source, for settings no query can be built
    /// from (a name that is not a SOQL identifier, `where` on a big object) or a name unfit
    /// for a cursor key.
    object_source(salesforce::rest_client& rest,
                  object_source_settings settings,
                  state::checkpoint_store& store,
                  pipeline::publisher& out,
                  async::stop_signal& stop,
                  const sfc::clock& clock);
    ~object_source();

    /// Collects every record since the cursor (stats.events: events published). Throws on
    /// failures the caller should back off from (transport, API, auth, an object the org
    /// refuses), and async::stopping when asked to stop.
    boost::asio::awaitable<poll_stats> poll();

    /// "object.<org_id>.<name>": the key this source's cursor is stored under.
    const std::string& cursor_key() const { return key_; }
    /// The SELECT list in use: the configured fields minus those this org lacks.
    const std::vector<std::string>& fields() const { return select_.fields; }

private:
    void load_cursor();
    /// After `e` broke a read off: rewinds the walk when reading again can help (an expired
    /// locator, up to locator_restarts times; a QUERY_TIMEOUT the walk can narrow), else
    /// rethrows. Call only from the handler of `e`.
    void read_again(const salesforce::api_error& e, unsigned& restarts);
    /// Runs the query from the walk's position and hands every record of every page on.
    boost::asio::awaitable<void> read_all();
    /// The query's first page, after dropping the fields the org does not know.
    boost::asio::awaitable<salesforce::query_page> first_page();
    /// INVALID_FIELD: drops the field named in the error, or throws when it is not one of the
    /// selected fields (the cursor or id field, a field in `where`).
    void drop_field(const salesforce::api_error& e);
    [[noreturn]] void refuse(const salesforce::api_error& e) const;

    salesforce::rest_client& rest_;
    object_source_settings settings_;
    state::checkpoint_store& store_;
    const sfc::clock& clock_;
    std::string key_;
    std::string label_;  // names the source in log lines and errors
    salesforce::object_select select_;
    object_event_builder builder_;
    object_batches batches_;
    std::unique_ptr<object_walk> walk_;
    bool loaded_ = false;
};

}  // namespace sfc::sources
