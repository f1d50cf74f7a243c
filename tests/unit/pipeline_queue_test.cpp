#include "pipeline/delivery_queue.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace net = boost::asio;
using namespace sfc;
using namespace sfc::async;
using namespace sfc::pipeline;
using sfc::async::stop_signal;
using sfc::async::stopping;

namespace {

event_batch batch_of(std::initializer_list<const char*> ids) {
    event_batch b;
    for (auto id : ids) b.push(event{id, std::string("{\"id\":\"") + id + "\"}"});
    return b;
}

std::vector<std::string> ids(const sink_slice& s) {
    std::vector<std::string> out;
    for (const auto& e : s.events) out.push_back(e.id);
    return out;
}

struct queue_test : ::testing::Test {
    net::io_context ctx;
    stop_signal stop{ctx.get_executor()};
    std::vector<std::string> delivered;

    config::pipeline_config limits(std::size_t events,
                                   config::when_full w = config::when_full::block) {
        config::pipeline_config c;
        c.max_events = events;
        c.max_bytes = 1u << 20;
        c.when_full = w;
        return c;
    }
    /// Pushes and runs what is ready; a push waiting for room stays pending (poll, not run:
    /// a waiting coroutine would keep run() busy for ever).
    std::future<void> push(delivery_queue& q, event_batch b, std::string tag) {
        auto f = net::co_spawn(ctx,
                               q.push(
                                   std::move(b), [this, tag] { delivered.push_back(tag); }, stop),
                               net::use_future);
        settle();
        return f;
    }
    void settle() {
        ctx.restart();
        ctx.poll();
    }
};

}  // namespace

TEST_F(queue_test, a_batch_is_delivered_only_when_every_sink_has_passed_it_in_order) {
    delivery_queue q(ctx.get_executor(), limits(100), 2);
    push(q, batch_of({"a", "b"}), "first").get();
    push(q, batch_of({"c"}), "second").get();

    auto s0 = q.take(0, 10, 1 << 20);
    EXPECT_EQ(ids(s0), (std::vector<std::string>{"a", "b", "c"}));
    q.advance(0, s0);
    EXPECT_TRUE(delivered.empty()) << "sink 1 has accepted nothing yet";

    auto s1 = q.take(1, 1, 1 << 20);
    EXPECT_EQ(ids(s1), std::vector<std::string>{"a"});
    q.advance(1, s1);
    EXPECT_TRUE(delivered.empty()) << "half of the first batch is not a delivered batch";
    s1 = q.take(1, 10, 1 << 20);
    EXPECT_EQ(ids(s1), (std::vector<std::string>{"b", "c"}));
    q.advance(1, s1);
    EXPECT_EQ(delivered, (std::vector<std::string>{"first", "second"}));
    EXPECT_TRUE(q.empty());
}

TEST_F(queue_test, a_slice_within_one_batch_is_not_copied) {
    delivery_queue q(ctx.get_executor(), limits(100), 1);
    push(q, batch_of({"a", "b", "c"}), "x").get();
    auto s = q.take(0, 2, 1 << 20);
    EXPECT_TRUE(s.owned.empty());
    EXPECT_EQ(ids(s), (std::vector<std::string>{"a", "b"}));
}

TEST_F(queue_test, take_respects_the_byte_limit_but_always_takes_one) {
    delivery_queue q(ctx.get_executor(), limits(100), 1);
    push(q, batch_of({"a", "b", "c"}), "x").get();
    EXPECT_EQ(q.take(0, 10, 1).events.size(), 1u);
    EXPECT_EQ(q.take(0, 10, 2 * 10).events.size(), 2u);  // each event's JSON is 10 bytes
    EXPECT_EQ(q.available_bytes(0), 30u);
}

TEST_F(queue_test, an_empty_batch_is_delivered_after_everything_before_it) {
    delivery_queue q(ctx.get_executor(), limits(100), 1);
    push(q, batch_of({"a"}), "rows").get();
    push(q, event_batch{}, "file complete").get();
    EXPECT_TRUE(delivered.empty());
    q.advance(0, q.take(0, 10, 1 << 20));
    EXPECT_EQ(delivered, (std::vector<std::string>{"rows", "file complete"}));
    push(q, event_batch{}, "alone").get();
    EXPECT_EQ(delivered.back(), "alone") << "nothing before it: delivered at once";
}

TEST_F(queue_test, a_full_queue_suspends_the_producer_until_a_sink_catches_up) {
    delivery_queue q(ctx.get_executor(), limits(2), 1);
    push(q, batch_of({"a", "b"}), "1").get();
    auto waiting = push(q, batch_of({"c"}), "2");
    EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the push must wait: the queue holds 2 of 2 events";
    q.advance(0, q.take(0, 10, 1 << 20));
    settle();
    EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    waiting.get();
    EXPECT_EQ(q.available_events(0), 1u);
}

TEST_F(queue_test, a_waiting_producer_is_released_by_stop_without_enqueuing) {
    delivery_queue q(ctx.get_executor(), limits(1), 1);
    push(q, batch_of({"a"}), "1").get();
    auto waiting = push(q, batch_of({"b"}), "2");
    stop.request();
    settle();
    EXPECT_THROW(waiting.get(), stopping);
    EXPECT_EQ(q.available_events(0), 1u);
}

TEST_F(queue_test, drop_newest_counts_what_it_drops_and_still_moves_the_cursor) {
    delivery_queue q(ctx.get_executor(), limits(2, config::when_full::drop_newest), 1);
    push(q, batch_of({"a", "b"}), "kept").get();
    push(q, batch_of({"c", "d"}), "dropped").get();
    EXPECT_EQ(q.stats().dropped, 2u);
    EXPECT_EQ(q.available_events(0), 2u);
    q.advance(0, q.take(0, 10, 1 << 20));
    EXPECT_EQ(delivered, (std::vector<std::string>{"kept", "dropped"}));
}

TEST_F(queue_test, close_lets_consumers_see_the_end) {
    delivery_queue q(ctx.get_executor(), limits(10), 1);
    EXPECT_FALSE(q.closed());
    q.close();
    EXPECT_TRUE(q.closed());
}

// Joining two batches copies their events into one array: worth it for a few small publishes,
// not for two big batches, which go to the sink as they are (the copy cost more than the send).
TEST_F(queue_test, small_batches_are_joined_and_big_ones_are_not_copied) {
    delivery_queue q(ctx.get_executor(), limits(10000), 1);
    const auto many = [](std::size_t n) {
        event_batch b;
        for (std::size_t i = 0; i < n; ++i) b.push(event{"e" + std::to_string(i), "{}"});
        return b;
    };
    push(q, batch_of({"a"}), "a");
    push(q, batch_of({"b"}), "b");
    push(q, many(300), "big1");
    push(q, many(300), "big2");

    auto joined = q.take(0, 500, 1 << 20);
    EXPECT_EQ(joined.events.size(), 302u) << "the small ones join the first big batch";
    EXPECT_FALSE(joined.owned.empty()) << "joined batches are copied";
    q.advance(0, joined);

    auto whole = q.take(0, 500, 1 << 20);
    EXPECT_EQ(whole.events.size(), 300u) << "the second big batch is not joined to the first";
    EXPECT_TRUE(whole.owned.empty()) << "it is sent from the queue, not copied";
}

// pipeline.max_bytes bounds memory: an event's field index and id count, not only its JSON.
TEST_F(queue_test, the_byte_limit_counts_what_an_event_holds_beyond_its_json) {
    event e{"id", "{}"};
    e.members.resize(100);  // an index of 100 columns: far more memory than the 2-byte JSON
    event_batch one;
    one.push(e);
    EXPECT_EQ(one.bytes, 2u) << "a sink's batch.max_bytes still counts the JSON";
    EXPECT_EQ(one.memory, memory_of(e));
    EXPECT_GT(one.memory, 100 * sizeof(json_member));

    auto cfg = limits(1000);
    cfg.max_bytes = one.memory + 1;  // room for one such event, not two
    delivery_queue q(ctx.get_executor(), cfg, 1);
    push(q, std::move(one), "1").get();
    event_batch two;
    two.push(e);
    auto waiting = push(q, std::move(two), "2");
    EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the second event does not fit, though both JSON texts together are 4 bytes";
    q.advance(0, q.take(0, 10, 1 << 20));
    settle();
    EXPECT_EQ(waiting.wait_for(std::chrono::seconds(0)), std::future_status::ready);
}
