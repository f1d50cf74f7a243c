// SOQL object sources in-process against the fake Salesforce over TLS: the (cursor, id) walk of
// standard objects, the newest-first windows of big objects (ties across pages, batches and
// restarts), operator-defined objects, and the errors an operator can fix.

#include "sources/object_source.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/object_catalog.hpp"
#include "salesforce/soql.hpp"
#include "salesforce_fixture.hpp"

namespace net = boost::asio;
using namespace std::chrono;
using namespace sfc;
using salesforce::fixture::t0;

namespace {

/// Records the id field of every event that reaches it ("Id", or "EventIdentifier"), in order.
/// Hooks play a collector dying with a batch in flight.
class recording_publisher final : public pipeline::publisher {
public:
    net::awaitable<void> publish(event_batch batch, std::function<void()> delivered) override {
        if (!batch.empty()) {
            ++batches;
            // Throws async::stopping: the batch never reached the sink.
            if (before_batch) before_batch(batches);
            for (const auto& e : batch.events) record(e);
            // The sink has the batch, but the collector dies before the acknowledgement.
            if (batches == lose_ack_at) throw async::stopping();
        }
        if (hold) {
            held.push_back(std::move(delivered));
        } else {
            delivered();
        }
        co_return;
    }

    void record(const event& e) {
        simdjson::dom::element doc = parser_.parse(e.json);
        std::string_view key;
        EXPECT_FALSE(doc[id_field].get(key)) << e.json;
        keys.emplace_back(key);
        json.push_back(e.json);
    }

    std::string id_field = "Id";
    std::function<void(int)> before_batch;
    int lose_ack_at = 0;
    bool hold = false;  ///< keep the acknowledgements in `held` instead of running them
    std::vector<std::function<void()>> held;
    int batches = 0;
    std::vector<std::string> keys;
    std::vector<std::string> json;

private:
    simdjson::dom::parser parser_;
};

test::fake_salesforce_options pages_of(int records) {
    test::fake_salesforce_options o;
    o.default_batch_size = records;
    return o;
}

std::string sf_id(std::string_view prefix, int n) {
    std::string digits = std::to_string(n);
    return std::string(prefix) + std::string(12 - digits.size(), '0') + digits + "AAA";
}

std::string event_identifier(int n) {
    std::string digits = std::to_string(n);
    return "0a4779b0-0da1-4619-a373-" + std::string(12 - digits.size(), '0') + digits;
}

config::object_source_config known(std::string_view name) {
    return config::defaults_for(*config::find_known_object(name));
}

class object_source_test : public salesforce::fixture::rest_fixture {
protected:
    object_source_test() : rest_fixture(pages_of(3)) {}
    ~object_source_test() override { std::filesystem::remove_all(dir_); }

    /// A fresh source over the state directory `dir`, as after a restart.
    std::unique_ptr<sources::object_source> make_source(config::object_source_config object,
                                                        std::size_t batch_events = 4) {
        sources::object_source_settings s;
        s.org_id = fake_.org_id();
        s.object = std::move(object);
        s.initial_lookback = hours(24);
        s.batch_events = batch_events;
        return std::make_unique<sources::object_source>(*client_, s, *store_, out_, stop_, clock_);
    }

    sources::poll_stats poll(sources::object_source& src) { return run(src.poll()); }

    /// The message of the std::runtime_error poll() throws.
    std::string poll_error(sources::object_source& src) {
        try {
            poll(src);
        } catch (const async::stopping&) {
            ADD_FAILURE() << "stopping";
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        ADD_FAILURE() << "poll succeeded";
        return {};
    }

    void add_audit(int n, sys_time<milliseconds> at) {
        test::sobject_record r;
        r.fields = {{"Id", sf_id("0Ym", n)},
                    {"Action", std::string("PermSetAssign")},
                    {"Section", std::string("Manage Users")},
                    {"Display", "Assigned permission set " + std::to_string(n)},
                    {"CreatedById", sf_id("005", 1)},
                    {"CreatedDate", test::sf_time(at)}};
        fake_.add_record("SetupAuditTrail", r);
    }

    void add_login(int n, sys_time<milliseconds> at) {
        test::sobject_record r;
        r.fields = {{"Id", sf_id("0Ya", n)},
                    {"UserId", sf_id("005", 1)},
                    {"LoginTime", test::sf_time(at)},
                    {"LoginType", std::string("Remote Access 2.0")},
                    {"SourceIp", std::string("203.0.113.7")},
                    {"Status", std::string("Success")}};
        fake_.add_record("LoginHistory", r);
    }

    void add_login_event(int n, sys_time<milliseconds> at) {
        test::sobject_record r;
        r.fields = {{"Id", std::string("000000000000000AAA")},
                    {"EventIdentifier", event_identifier(n)},
                    {"EventDate", test::sf_time(at)},
                    {"UserId", sf_id("005", 1)},
                    {"Username", std::string("someone@example.com")},
                    {"SourceIp", std::string("198.51.100.4")}};
        fake_.add_record("LoginEvent", r);
    }

    /// `groups` EventDates, `per_group` events each (ids first, first + 1, ...), oldest first,
    /// added in an order that is not the ids'.
    std::set<std::string> add_login_events(int first,
                                           int groups,
                                           int per_group,
                                           sys_time<milliseconds> start) {
        std::set<std::string> ids;
        for (int g = 0; g < groups; ++g) {
            for (int i = per_group - 1; i >= 0; --i) {
                const int n = first + g * per_group + i;
                add_login_event(n, start + seconds(g) + milliseconds(250));
                ids.insert(event_identifier(n));
            }
        }
        return ids;
    }

    void restart_state() {
        std::filesystem::remove_all(dir_);
        dir_ = test::make_temp_dir("sfc-objects");
        store_ = std::make_unique<state::checkpoint_store>(dir_);
        out_ = recording_publisher{};
    }

    sfc::manual_clock clock_{t0 + hours(1)};
    std::filesystem::path dir_ = test::make_temp_dir("sfc-objects");
    std::unique_ptr<state::checkpoint_store> store_ =
        std::make_unique<state::checkpoint_store>(dir_);
    recording_publisher out_;
};

const sys_time<milliseconds> base = t0 - minutes(50);

}  // namespace

// --- standard objects --------------------------------------------------------------------------

TEST_F(object_source_test, setup_audit_trail_breaks_created_date_ties_by_id_across_pages) {
    // Four changes in one second straddle the pages of 3 and the batches of 4.
    add_audit(1, base);
    for (int n : {5, 3, 4, 2}) add_audit(n, base + minutes(10));
    for (int n = 6; n <= 10; ++n) add_audit(n, base + minutes(10 + n));
    auto src = make_source(known("SetupAuditTrail"));
    EXPECT_EQ(poll(*src).events, 10u);
    std::vector<std::string> expected;
    for (int n = 1; n <= 10; ++n) expected.push_back(sf_id("0Ym", n));
    EXPECT_EQ(out_.keys, expected);
    EXPECT_EQ(out_.batches, 3);
    EXPECT_GE(fake_.stats().query_more, 3);

    EXPECT_EQ(poll(*src).events, 0u);
    const std::string last_soql = fake_.stats().soql.back();
    EXPECT_NE(last_soql.find("WHERE (CreatedDate > 2024-03-11T14:30:00.000Z OR (CreatedDate = "
                             "2024-03-11T14:30:00.000Z AND Id > "),
              std::string::npos)
        << last_soql;
    EXPECT_NE(last_soql.find("AND Id > '" + sf_id("0Ym", 10) + "'"), std::string::npos)
        << last_soql;

    // Created in the same second as the cursor, with a greater Id: still collected.
    add_audit(11, base + minutes(20));
    add_audit(12, base + minutes(25));
    EXPECT_EQ(poll(*src).events, 2u);
    EXPECT_EQ(out_.keys.back(), sf_id("0Ym", 12));
    EXPECT_EQ(fake_.stats().query_errors, 0);
}

TEST_F(object_source_test, a_restart_repeats_nothing_that_was_acknowledged) {
    for (int n = 1; n <= 9; ++n) add_audit(n, base + seconds(n / 3));  // ties of three
    out_.before_batch = [](int n) {
        if (n == 2) throw async::stopping();
    };
    auto first = make_source(known("SetupAuditTrail"), 3);
    EXPECT_THROW(poll(*first), async::stopping);
    EXPECT_EQ(out_.keys.size(), 3u);

    out_.before_batch = nullptr;
    auto second = make_source(known("SetupAuditTrail"), 3);
    EXPECT_EQ(poll(*second).events, 6u);
    std::vector<std::string> expected;
    for (int n = 1; n <= 9; ++n) expected.push_back(sf_id("0Ym", n));
    EXPECT_EQ(out_.keys, expected) << "every record once, in order";
}

TEST_F(object_source_test, login_history_follows_login_time_and_events_carry_the_record) {
    for (int n = 1; n <= 5; ++n) add_login(n, base + minutes(n));
    const auto config = known("LoginHistory");
    auto src = make_source(config);
    EXPECT_EQ(poll(*src).events, 5u);
    EXPECT_EQ(src->fields(), config.fields) << "every catalogued field exists on LoginHistory";
    const std::string soql = fake_.stats().soql.front();
    EXPECT_NE(soql.find("FROM LoginHistory WHERE LoginTime >= 2024-03-10T16:00:00.000Z ORDER BY "
                        "LoginTime ASC, Id ASC"),
              std::string::npos)
        << soql;

    simdjson::dom::parser parser;
    simdjson::dom::element ev = parser.parse(out_.json.front());
    EXPECT_EQ(out_.json.front().find("attributes"), std::string::npos);
    EXPECT_EQ(std::string_view(ev["Status"]), "Success");
    EXPECT_TRUE(ev["Browser"].is_null()) << "selected, not set: null";
    EXPECT_EQ(std::string_view(ev["sfc"]["org_id"]), fake_.org_id());
    EXPECT_EQ(std::string_view(ev["sfc"]["source"]), "LoginHistory");
    EXPECT_EQ(std::string_view(ev["sfc"]["object"]), "LoginHistory");
    EXPECT_EQ(std::string_view(ev["sfc"]["timestamp"]), "2024-03-11T14:11:00.000Z");
    EXPECT_EQ(std::string_view(ev["sfc"]["event_id"]).size(), 32u);
    EXPECT_TRUE(store_->load(src->cursor_key()).has_value());
    EXPECT_EQ(src->cursor_key(), "object." + fake_.org_id() + ".LoginHistory");
}

TEST_F(object_source_test, a_custom_object_follows_its_named_cursor_field_and_where_clause) {
    for (int n = 1; n <= 8; ++n) {
        test::sobject_record r;
        r.fields = {{"Id", sf_id("a01", 9 - n)},
                    {"Name", "audit " + std::to_string(n)},
                    {"Action__c", std::string(n % 2 ? "keep" : "ignore")},
                    {"Logged__c", test::sf_time(base + minutes(n))}};
        fake_.add_record("MyAudit__c", r);
    }
    config::object_source_config custom;
    custom.name = "my_audit";
    custom.object = "MyAudit__c";
    custom.fields = {"Name", "Action__c"};
    custom.cursor_field = "Logged__c";
    custom.where = "Action__c = 'keep'";
    auto src = make_source(custom, 2);
    EXPECT_EQ(poll(*src).events, 4u);
    EXPECT_EQ(out_.keys,
              (std::vector<std::string>{
                  sf_id("a01", 8), sf_id("a01", 6), sf_id("a01", 4), sf_id("a01", 2)}));
    EXPECT_NE(out_.json.front().find(R"("source":"my_audit","object":"MyAudit__c")"),
              std::string::npos)
        << out_.json.front();
    EXPECT_EQ(src->cursor_key(), "object." + fake_.org_id() + ".my_audit");
    EXPECT_EQ(poll(*src).events, 0u);
    EXPECT_NE(fake_.stats().soql.back().find(") AND (Action__c = 'keep') ORDER BY Logged__c ASC"),
              std::string::npos)
        << fake_.stats().soql.back();
}

// --- big objects -------------------------------------------------------------------------------

TEST_F(object_source_test, login_events_sharing_event_dates_are_each_delivered_once) {
    out_.id_field = "EventIdentifier";
    // 8 EventDates of 5 events: ties straddle pages (3), batches (4) and, in the fake, come in
    // a different order in every query.
    auto ids = add_login_events(0, 8, 5, base);
    auto src = make_source(known("LoginEvent"));
    EXPECT_EQ(poll(*src).events, 40u);
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);
    EXPECT_EQ(out_.keys.size(), 40u);
    EXPECT_EQ(fake_.stats().query_errors, 0) << "the big-object rules were kept";
    EXPECT_NE(fake_.stats().soql.front().find("FROM LoginEvent WHERE EventDate >= "
                                              "2024-03-10T16:00:00.000Z AND EventDate <= "
                                              "2024-03-11T16:00:00.000Z ORDER BY EventDate DESC"),
              std::string::npos)
        << fake_.stats().soql.front();

    EXPECT_EQ(poll(*src).events, 0u);
    // Later: three more at the newest EventDate already delivered (the window's newest is the
    // old high-water: the ids to drop there are the old ones and these), then three newer.
    for (int n = 100; n < 103; ++n) add_login_event(n, base + seconds(7) + milliseconds(250));
    EXPECT_EQ(poll(*src).events, 3u);
    EXPECT_EQ(poll(*src).events, 0u);
    for (int n = 103; n < 106; ++n) add_login_event(n, base + minutes(5));
    EXPECT_EQ(poll(*src).events, 3u);
    EXPECT_EQ(poll(*src).events, 0u);
    EXPECT_EQ(out_.keys.size(), 46u);
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()).size(), 46u);
}

TEST_F(object_source_test, a_restart_in_the_middle_of_a_window_neither_loses_nor_repeats) {
    const auto ids = add_login_events(0, 6, 4, base);
    const int batches = 24 / 3;
    for (int crash = 1; crash <= batches; ++crash) {
        SCOPED_TRACE("batch " + std::to_string(crash) + " lost in flight");
        restart_state();
        out_.id_field = "EventIdentifier";
        out_.before_batch = [crash](int n) {
            if (n == crash) throw async::stopping();
        };
        auto first = make_source(known("LoginEvent"), 3);
        EXPECT_THROW(poll(*first), async::stopping);
        out_.before_batch = nullptr;
        auto second = make_source(known("LoginEvent"), 3);
        poll(*second);
        EXPECT_EQ(out_.keys.size(), 24u);
        EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);
    }
}

TEST_F(object_source_test, a_batch_delivered_but_not_acknowledged_is_all_that_repeats) {
    auto ids = add_login_events(0, 5, 4, base);
    for (int crash = 1; crash <= 20 / 3; ++crash) {
        SCOPED_TRACE("acknowledgement of batch " + std::to_string(crash) + " lost");
        restart_state();
        out_.id_field = "EventIdentifier";
        out_.lose_ack_at = crash;
        auto first = make_source(known("LoginEvent"), 3);
        EXPECT_THROW(poll(*first), async::stopping);
        const std::vector<std::string> lost(out_.keys.end() - 3, out_.keys.end());

        out_.lose_ack_at = 0;
        auto second = make_source(known("LoginEvent"), 3);
        poll(*second);
        std::map<std::string, int> seen;
        for (const auto& k : out_.keys) ++seen[k];
        EXPECT_EQ(seen.size(), 20u);
        for (const auto& [id, times] : seen) {
            const bool in_flight = std::find(lost.begin(), lost.end(), id) != lost.end();
            EXPECT_LE(times, in_flight ? 2 : 1) << id;
        }
    }
}

TEST_F(object_source_test, events_arriving_during_a_broken_window_come_with_the_next_poll) {
    out_.id_field = "EventIdentifier";
    auto ids = add_login_events(0, 4, 3, base);
    out_.before_batch = [](int n) {
        if (n == 2) throw async::stopping();
    };
    auto first = make_source(known("LoginEvent"), 3);
    EXPECT_THROW(poll(*first), async::stopping);
    const auto more = add_login_events(50, 2, 3, base + minutes(10));
    ids.insert(more.begin(), more.end());
    clock_.advance(minutes(1));

    out_.before_batch = nullptr;
    auto second = make_source(known("LoginEvent"), 3);
    poll(*second);  // finishes the broken window
    poll(*second);  // the next window
    EXPECT_EQ(out_.keys.size(), ids.size());
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);
}

TEST_F(object_source_test, a_big_object_read_the_standard_way_is_refused_with_the_fix) {
    add_login_events(0, 1, 2, base);
    auto config = known("LoginEvent");
    config.kind = config::object_kind::standard;
    const std::string message = poll_error(*make_source(config));
    EXPECT_NE(message.find("set big_object: true for it in objects:"), std::string::npos)
        << message;
    EXPECT_EQ(fake_.stats().query_errors, 1);
}

TEST_F(object_source_test, a_where_clause_on_a_big_object_is_refused_at_start) {
    auto config = known("LoginEvent");
    config.where = "UserId = '005000000000001AAA'";
    EXPECT_THROW(make_source(config), std::invalid_argument);
}

// --- faults and operator errors ------------------------------------------------------------

TEST_F(object_source_test, a_field_the_org_lacks_is_dropped_with_a_warning) {
    for (int n = 1; n <= 4; ++n) add_login(n, base + minutes(n));
    auto config = known("LoginHistory");
    config.fields.push_back("Bogus__c");
    auto src = make_source(config);
    EXPECT_EQ(poll(*src).events, 4u);
    EXPECT_EQ(std::count(src->fields().begin(), src->fields().end(), "Bogus__c"), 0);
    EXPECT_EQ(src->fields().size(), config.fields.size() - 1);
    EXPECT_EQ(fake_.stats().query_errors, 1);
    poll(*src);
    EXPECT_EQ(fake_.stats().query_errors, 1) << "not asked for again";
}

TEST_F(object_source_test, a_cursor_field_the_object_lacks_is_an_error_naming_the_fix) {
    add_login(1, base);
    auto config = known("LoginHistory");
    config.cursor_field = "CreatedDate";  // LoginHistory has none
    const std::string message = poll_error(*make_source(config));
    EXPECT_NE(message.find("LoginHistory has no field CreatedDate; set cursor_field:"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST_F(object_source_test, an_object_the_org_refuses_names_the_permission) {
    const std::string message = poll_error(*make_source(known("ApiEvent")));
    EXPECT_NE(message.find("ApiEvent (org " + fake_.org_id() + ")"), std::string::npos) << message;
    EXPECT_NE(message.find("View Real-Time Event Monitoring Data"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    const std::string audit = poll_error(*make_source(known("SetupAuditTrail")));
    EXPECT_NE(audit.find("View Setup and Configuration"), std::string::npos) << audit;
}

TEST_F(object_source_test, an_expired_query_locator_reads_again_from_the_cursor) {
    for (int n = 1; n <= 10; ++n) add_audit(n, base + seconds(n));
    out_.id_field = "Id";
    fake_.expire_next_query_locators(2);
    auto src = make_source(known("SetupAuditTrail"), 2);
    EXPECT_EQ(poll(*src).events, 10u);
    std::vector<std::string> expected;
    for (int n = 1; n <= 10; ++n) expected.push_back(sf_id("0Ym", n));
    EXPECT_EQ(out_.keys, expected);

    restart_state();
    out_.id_field = "EventIdentifier";
    const auto ids = add_login_events(0, 3, 4, base);
    fake_.expire_next_query_locators(1);
    auto events = make_source(known("LoginEvent"), 5);
    EXPECT_EQ(poll(*events).events, 12u);
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);
}

TEST_F(object_source_test, the_cursor_is_saved_only_when_the_sinks_have_the_events) {
    out_.id_field = "EventIdentifier";
    out_.hold = true;
    add_login_events(0, 3, 3, base);
    auto src = make_source(known("LoginEvent"), 4);
    EXPECT_EQ(poll(*src).events, 9u);
    ASSERT_EQ(out_.held.size(), 3u);  // 4 + 4 + 1 with the end of the window
    EXPECT_FALSE(store_->load(src->cursor_key()).has_value());

    out_.held[0]();
    const auto partial = store_->load(src->cursor_key());
    ASSERT_TRUE(partial.has_value());
    EXPECT_NE(partial->find(R"("window":{)"), std::string::npos) << *partial;
    out_.held[1]();
    out_.held[2]();
    const auto done = store_->load(src->cursor_key());
    ASSERT_TRUE(done.has_value());
    EXPECT_EQ(done->find("window"), std::string::npos) << *done;

    out_.hold = false;
    auto after_restart = make_source(known("LoginEvent"), 4);
    EXPECT_EQ(poll(*after_restart).events, 0u);
}

// A real org answers a slow query with 400 QUERY_TIMEOUT: retried like a 5xx, not a pass lost.
TEST_F(object_source_test, a_query_that_times_out_once_is_retried_and_every_record_arrives) {
    for (int n = 1; n <= 7; ++n) add_audit(n, base + seconds(n));
    fake_.fail_next(test::endpoint::query, test::fault_kind::query_timeout, 1);
    auto src = make_source(known("SetupAuditTrail"));
    EXPECT_EQ(poll(*src).events, 7u);
    std::vector<std::string> expected;
    for (int n = 1; n <= 7; ++n) expected.push_back(sf_id("0Ym", n));
    EXPECT_EQ(out_.keys, expected);
    EXPECT_EQ(fake_.stats().faults_injected, 1);
}

// Still timing out after the retries (4 attempts in the fixture): the window is read in halves,
// newest first, then whole again.
TEST_F(object_source_test, a_window_that_keeps_timing_out_is_read_in_halves) {
    out_.id_field = "EventIdentifier";
    const auto now = time_point_cast<milliseconds>(clock_.now());
    const auto mid = now - hours(12);  // the window is [now - 24h, now]
    std::set<std::string> ids;
    int n = 0;
    for (auto at :
         {now - hours(20), mid - seconds(1), mid, mid, mid + seconds(1), now - hours(1)}) {
        add_login_event(++n, at);
        ids.insert(event_identifier(n));
    }
    fake_.fail_next(test::endpoint::query, test::fault_kind::query_timeout, 4);
    auto src = make_source(known("LoginEvent"));
    EXPECT_EQ(poll(*src).events, 6u);
    EXPECT_EQ(out_.keys.size(), 6u) << "none twice, the two at the cut included";
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);

    const auto soql = fake_.stats().soql;
    ASSERT_EQ(soql.size(), 2u);
    const auto window = [](auto lo, auto hi) {
        return "EventDate >= " + salesforce::soql_datetime(lo) +
               " AND EventDate <= " + salesforce::soql_datetime(hi);
    };
    EXPECT_NE(soql[0].find(window(mid, now)), std::string::npos) << soql[0];
    EXPECT_NE(soql[1].find(window(now - hours(24), mid)), std::string::npos) << soql[1];

    // The next window is asked for whole again.
    clock_.advance(minutes(5));
    add_login_event(++n, now + minutes(1));
    EXPECT_EQ(poll(*src).events, 1u);
    ASSERT_EQ(fake_.stats().soql.size(), 3u);
    EXPECT_NE(fake_.stats().soql[2].find(window(now - hours(1), now + minutes(5))),
              std::string::npos)
        << fake_.stats().soql[2];
}

TEST_F(object_source_test, each_further_timeout_halves_the_part_again) {
    out_.id_field = "EventIdentifier";
    const auto now = time_point_cast<milliseconds>(clock_.now());
    std::set<std::string> ids;
    for (int h = 0; h < 24; h += 2) {
        add_login_event(h, now - hours(h) - minutes(30));
        ids.insert(event_identifier(h));
    }
    // The whole window times out, then its newer half: parts of 6 h, then 12 h, then the rest.
    fake_.fail_next(test::endpoint::query, test::fault_kind::query_timeout, 8);
    auto src = make_source(known("LoginEvent"));
    EXPECT_EQ(poll(*src).events, ids.size());
    EXPECT_EQ(std::set<std::string>(out_.keys.begin(), out_.keys.end()), ids);
    EXPECT_EQ(out_.keys.size(), ids.size());
    const auto soql = fake_.stats().soql;
    ASSERT_EQ(soql.size(), 3u);
    const auto lo = [](auto t) { return "EventDate >= " + salesforce::soql_datetime(t); };
    EXPECT_NE(soql[0].find(lo(now - hours(6))), std::string::npos) << soql[0];
    EXPECT_NE(soql[1].find(lo(now - hours(18))), std::string::npos) << soql[1];
    EXPECT_NE(soql[2].find(lo(now - hours(24))), std::string::npos) << soql[2];
}

TEST_F(object_source_test, a_window_at_the_smallest_part_that_still_times_out_fails_the_poll) {
    add_login_event(1, time_point_cast<milliseconds>(clock_.now()) - minutes(1));
    fake_.fail_next(test::endpoint::query, test::fault_kind::query_timeout, 1000);
    auto src = make_source(known("LoginEvent"));
    const std::string message = poll_error(*src);
    EXPECT_NE(message.find("QUERY_TIMEOUT"), std::string::npos) << message;
    EXPECT_EQ(out_.keys.size(), 0u);
}

// --- settle ------------------------------------------------------------------------------------

// A record committed late with an earlier CreatedDate than one already delivered would fall
// behind the cursor; `settle` holds the newest records back long enough for it to appear.
TEST_F(object_source_test, settle_collects_a_record_stored_late_with_an_earlier_time) {
    const auto now = time_point_cast<milliseconds>(clock_.now());
    add_audit(1, now - minutes(20));
    add_audit(2, now - minutes(3));
    add_audit(3, now - minutes(1));
    auto object = known("SetupAuditTrail");
    object.settle = minutes(5);
    auto src = make_source(object);
    EXPECT_EQ(poll(*src).events, 1u);
    EXPECT_EQ(out_.keys, std::vector<std::string>{sf_id("0Ym", 1)});

    add_audit(4, now - minutes(4));  // stored after the poll, dated before record 2
    clock_.advance(minutes(5));
    EXPECT_EQ(poll(*src).events, 3u);
    EXPECT_EQ(out_.keys,
              (std::vector<std::string>{
                  sf_id("0Ym", 1), sf_id("0Ym", 4), sf_id("0Ym", 2), sf_id("0Ym", 3)}));
    EXPECT_EQ(poll(*src).events, 0u) << "nothing twice";
}

TEST_F(object_source_test, settle_ends_a_big_object_window_before_the_poll) {
    out_.id_field = "EventIdentifier";
    const auto now = time_point_cast<milliseconds>(clock_.now());
    add_login_event(1, now - minutes(20));
    add_login_event(2, now - minutes(1));
    auto object = known("LoginEvent");
    object.settle = minutes(5);
    auto src = make_source(object);
    EXPECT_EQ(poll(*src).events, 1u);
    EXPECT_EQ(out_.keys, std::vector<std::string>{event_identifier(1)});
    EXPECT_NE(fake_.stats().soql.back().find("EventDate <= " +
                                             salesforce::soql_datetime(now - minutes(5))),
              std::string::npos)
        << fake_.stats().soql.back();

    add_login_event(3, now - minutes(2));  // stored late, older than event 2
    clock_.advance(minutes(5));
    EXPECT_EQ(poll(*src).events, 2u);
    const std::set<std::string> keys(out_.keys.begin(), out_.keys.end());
    EXPECT_EQ(
        keys,
        (std::set<std::string>{event_identifier(1), event_identifier(2), event_identifier(3)}));
    EXPECT_EQ(out_.keys.size(), 3u);
}
