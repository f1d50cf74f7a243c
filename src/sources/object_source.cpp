#include "sources/object_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "http/text.hpp"
#include "sources/object_errors.hpp"
#include "sources/object_standard_walk.hpp"
#include "sources/object_window_walk.hpp"

namespace sfc::sources {

namespace net = boost::asio;

namespace {

using http::detail::iequals;  // ASCII, as SOQL names are

salesforce::object_select select_of(const config::object_source_config& o) {
    return {o.object, o.fields, o.cursor_field, o.id_field, o.where};
}

std::unique_ptr<object_walk> make_walk(const object_source_settings& s,
                                       object_batches& batches,
                                       const std::string& label) {
    if (s.object.kind == config::object_kind::big_object) {
        return std::make_unique<object_window_walk>(
            batches, label, s.initial_lookback, s.object.settle);
    }
    return std::make_unique<object_standard_walk>(
        batches, label, s.initial_lookback, s.object.settle);
}

// Builds one query up front, so a name that no query can carry fails at start-up.
void check_settings(const object_source_settings& s,
                    const std::string& key,
                    const std::string& label) {
    if (!state::checkpoint_store::valid_key(key)) {
        throw std::invalid_argument(label + ": the name '" + s.object.name +
                                    "' cannot name a cursor file; use letters, digits, '.', '_' "
                                    "and '-'");
    }
    try {
        const auto select = select_of(s.object);
        if (s.object.kind == config::object_kind::big_object) {
            salesforce::build_big_object_query(
                select, "2000-01-01T00:00:00Z", "2000-01-01T00:00:00Z");
        } else {
            salesforce::standard_bounds b;
            b.since = "2000-01-01T00:00:00Z";
            salesforce::build_standard_query(select, b);
        }
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(label + ": " + e.what());
    }
}

}  // namespace

object_source::object_source(salesforce::rest_client& rest,
                             object_source_settings settings,
                             state::checkpoint_store& store,
                             pipeline::publisher& out,
                             async::stop_signal& stop,
                             const sfc::clock& clock)
    : rest_(rest),
      settings_(std::move(settings)),
      store_(store),
      clock_(clock),
      key_("object." + settings_.org_id + "." + settings_.object.name),
      label_(settings_.org_name.empty()
                 ? "object source " + settings_.object.name + " (org " + settings_.org_id + ")"
                 : "org " + settings_.org_name + ": " + settings_.object.name),
      select_(select_of(settings_.object)),
      builder_({settings_.org_id,
                settings_.object.name,
                settings_.object.object,
                settings_.object.cursor_field,
                settings_.object.id_field}),
      batches_(out, stop, store, key_, {settings_.batch_events, settings_.batch_bytes}),
      walk_(make_walk(settings_, batches_, label_)) {
    check_settings(settings_, key_, label_);
}

object_source::~object_source() = default;

void object_source::load_cursor() {
    if (auto text = store_.load(key_); text && !walk_->restore(*text)) {
        throw std::runtime_error("cursor " + key_ + " in the state directory is not readable " +
                                 "(or belongs to another kind of object); move it away to start "
                                 "over from the look-back");
    }
    loaded_ = true;
}

net::awaitable<poll_stats> object_source::poll() {
    if (!loaded_) load_cursor();
    batches_.take_published();
    walk_->begin(clock_.now());
    unsigned restarts = 0;
    for (;;) {
        bool again = false;
        try {
            co_await read_all();
        } catch (const salesforce::api_error& e) {
            read_again(e, restarts);
            again = true;
        }
        if (!again && !walk_->next_part()) break;
    }
    co_await walk_->finish();
    poll_stats stats;
    stats.events = batches_.take_published();
    co_return stats;
}

// Called in the handler of `e`: rewinds the walk for another read, or rethrows.
void object_source::read_again(const salesforce::api_error& e, unsigned& restarts) {
    if (e.kind() == salesforce::error_kind::invalid_locator &&
        restarts++ < settings_.locator_restarts) {
        spdlog::warn("{}: the query locator expired while paging; reading again from the cursor",
                     label_);
        walk_->rewind();
        return;
    }
    // Still timing out after rest_client's retries: a big object's window is read in parts.
    if (e.error_code() == "QUERY_TIMEOUT") {
        walk_->rewind();
        if (walk_->narrow()) {
            spdlog::warn(
                "{}: the query timed out (QUERY_TIMEOUT); reading the window in smaller "
                "parts",
                label_);
            return;
        }
    }
    throw;
}

net::awaitable<void> object_source::read_all() {
    salesforce::query_page page = co_await first_page();
    for (;;) {
        for (const auto& json : page.records_json) {
            object_record rec = builder_.build(json);
            co_await walk_->take(std::move(rec));
            if (!walk_->wants_more()) co_return;
        }
        if (page.done || page.next_records_url.empty()) break;
        std::string next = page.next_records_url;
        page = co_await rest_.query_more(std::move(next));
    }
}

net::awaitable<salesforce::query_page> object_source::first_page() {
    for (;;) {
        std::string soql = walk_->soql(select_);
        bool answered = false;
        salesforce::query_page page;
        try {
            page = co_await rest_.query(std::move(soql));
            answered = true;
        } catch (const salesforce::api_error& e) {
            if (e.error_code() == "INVALID_TYPE") {
                throw std::runtime_error(object_refused_message(label_, settings_.object, e));
            }
            if (e.error_code() != "INVALID_FIELD") refuse(e);
            drop_field(e);
        }
        if (answered) co_return page;
    }
}

void object_source::drop_field(const salesforce::api_error& e) {
    const auto column = missing_column(e.info().message);
    const auto& o = settings_.object;
    if (!column || iequals(*column, o.cursor_field) || iequals(*column, o.id_field)) {
        throw std::runtime_error(field_refused_message(label_, o, e));
    }
    // A relationship path fails on its last part: "No such column 'Name' on entity 'User'".
    auto& fields = select_.fields;
    auto it = std::find_if(
        fields.begin(), fields.end(), [&](const std::string& f) { return iequals(f, *column); });
    if (it == fields.end()) {
        it = std::find_if(fields.begin(), fields.end(), [&](const std::string& f) {
            return f.size() > column->size() && f[f.size() - column->size() - 1] == '.' &&
                   iequals(std::string_view(f).substr(f.size() - column->size()), *column);
        });
    }
    if (it == fields.end()) throw std::runtime_error(field_refused_message(label_, o, e));
    spdlog::warn(
        "{}: {} has no field {} in this org (or the integration user cannot see it); "
        "collecting without it. Set fields: for {} to the fields this org has",
        label_,
        o.object,
        *it,
        o.name);
    fields.erase(it);
}

void object_source::refuse(const salesforce::api_error& e) const {
    const bool shape =
        e.error_code() == "MALFORMED_QUERY" || e.error_code() == "INVALID_QUERY_FILTER_OPERATOR";
    if (shape && settings_.object.kind == config::object_kind::standard) {
        // Big objects refuse the standard walk's OR and ORDER BY ASC.
        throw std::runtime_error(label_ + ": " + e.what() + "; if " + settings_.object.object +
                                 " is a big object, set big_object: true for it in objects:");
    }
    throw e;
}

}  // namespace sfc::sources
