#include "http/client_pool.hpp"

#include <gtest/gtest.h>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <exception>
#include <vector>

namespace sfc::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// No request is sent: the clients are only lent, so no server is needed.
client_options plain() {
    client_options options;
    options.allow_plain_http = true;
    return options;
}

asio::awaitable<void> yield_times(int n) {
    for (int i = 0; i < n; ++i) co_await asio::post(asio::use_awaitable);
}

class client_pool_test : public ::testing::Test {
protected:
    // Member coroutines, not capturing lambdas: GCC 12 loses a lambda temporary's captures.
    static asio::awaitable<void> take(client_pool& pool, client_pool::lease& out) {
        out = co_await pool.acquire();
    }

    // A user that holds its lease over a few turns of the loop, noting what it saw.
    asio::awaitable<void> user(client_pool& pool, int id, int hold) {
        auto lease = co_await pool.acquire();
        order_.push_back(id);
        max_seen_ = std::max(max_seen_, pool.in_use());
        co_await yield_times(hold);
        ++done_;
    }

    static asio::awaitable<void> three_in_turn(client_pool& pool, std::vector<client*>& lent) {
        for (int i = 0; i < 3; ++i) {
            auto lease = co_await pool.acquire();
            client_pool::lease moved = std::move(lease);
            EXPECT_FALSE(lease);
            EXPECT_EQ(pool.in_use(), 1u);
            lent.push_back(&*moved);
        }
    }

    // A lease taken at once (the pool has room), for the test to hold.
    client_pool::lease lend(client_pool& pool) {
        client_pool::lease out;
        asio::co_spawn(ioc_, take(pool, out), asio::detached);
        poll();
        EXPECT_TRUE(out);
        return out;
    }

    // Runs what is ready; restart() first, since a poll that ran out of work stops the context.
    void poll() {
        ioc_.restart();
        ioc_.poll();
    }
    void run() {
        ioc_.restart();
        ioc_.run_for(5s);
    }

    static asio::awaitable<void> close_then_take(client_pool& pool, client_pool::lease& out) {
        co_await pool.close();
        out = co_await pool.acquire();
    }

    asio::io_context ioc_;
    std::vector<int> order_;
    unsigned max_seen_ = 0;
    int done_ = 0;
};

TEST_F(client_pool_test, never_lends_more_than_the_cap) {
    constexpr unsigned cap = 3;
    client_pool pool(ioc_.get_executor(), "http://127.0.0.1:9", plain(), cap);
    for (int i = 0; i < 3 * static_cast<int>(cap); ++i) {
        asio::co_spawn(ioc_, user(pool, i, 1 + i % 4), asio::detached);
    }
    run();
    EXPECT_EQ(done_, 9);
    EXPECT_EQ(pool.peak_in_use(), cap);  // reached, never passed
    EXPECT_EQ(max_seen_, cap);
    EXPECT_EQ(pool.in_use(), 0u);
}

TEST_F(client_pool_test, waiters_are_served_first_come_first_served) {
    client_pool pool(ioc_.get_executor(), "http://127.0.0.1:9", plain(), 1);
    client_pool::lease first = lend(pool);
    // Different hold times, so a LIFO or racy hand-over would show in the order.
    for (int id : {1, 2, 3, 4}) asio::co_spawn(ioc_, user(pool, id, 5 - id), asio::detached);
    poll();
    EXPECT_TRUE(order_.empty());
    first.reset();
    run();
    EXPECT_EQ(order_, (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(pool.peak_in_use(), 1u);
    EXPECT_EQ(pool.in_use(), 0u);
}

TEST_F(client_pool_test, a_cancelled_waiter_gives_up_its_place) {
    client_pool pool(ioc_.get_executor(), "http://127.0.0.1:9", plain(), 1);
    client_pool::lease first = lend(pool);
    asio::cancellation_signal cancel;
    std::exception_ptr cancelled_error;
    asio::co_spawn(ioc_,
                   user(pool, 1, 1),
                   asio::bind_cancellation_slot(
                       cancel.slot(), [&](std::exception_ptr e) { cancelled_error = e; }));
    asio::co_spawn(ioc_, user(pool, 2, 1), asio::detached);
    poll();
    cancel.emit(asio::cancellation_type::terminal);
    poll();
    ASSERT_TRUE(cancelled_error);
    EXPECT_THROW(std::rethrow_exception(cancelled_error), boost::system::system_error);
    first.reset();
    run();
    EXPECT_EQ(order_, std::vector<int>{2});
    EXPECT_EQ(pool.in_use(), 0u);
}

TEST_F(client_pool_test, leases_move_and_sequential_users_share_one_client) {
    client_pool pool(ioc_.get_executor(), "http://127.0.0.1:9", plain(), 2);
    std::vector<client*> lent;
    asio::co_spawn(ioc_, three_in_turn(pool, lent), asio::detached);
    run();
    ASSERT_EQ(lent.size(), 3u);
    EXPECT_EQ(lent[0], lent[1]);  // created lazily: a second client was never needed
    EXPECT_EQ(lent[1], lent[2]);
    EXPECT_EQ(pool.in_use(), 0u);
    EXPECT_EQ(pool.peak_in_use(), 1u);
    EXPECT_EQ(pool.origin(), "http://127.0.0.1:9");
}

TEST_F(client_pool_test, close_leaves_leased_clients_alone_and_the_pool_usable) {
    client_pool pool(ioc_.get_executor(), "http://127.0.0.1:9", plain(), 2);
    client_pool::lease held = lend(pool);
    client_pool::lease idle = lend(pool);
    client* idle_client = &*idle;
    idle.reset();
    client_pool::lease after;
    asio::co_spawn(ioc_, close_then_take(pool, after), asio::detached);
    run();
    ASSERT_TRUE(after);
    EXPECT_EQ(&*after, idle_client);  // closed, given back, lent again
    EXPECT_EQ(pool.in_use(), 2u);
    EXPECT_EQ(pool.peak_in_use(), 2u);
}

}  // namespace
}  // namespace sfc::http
