#include "pipeline/dispatcher.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

namespace net = boost::asio;
using namespace std::chrono_literals;
using namespace sfc;

namespace {

/// Records what it accepts; answers `retry` for the first `failures` sends.
class fake_sink final : public sink {
public:
    explicit fake_sink(int failures, send_status failure = send_status::retry)
        : failures_(failures), failure_(failure) {}
    std::string name() const override { return "fake"; }
    net::awaitable<send_result> send(std::span<const event> events) override {
        ++attempts;
        if (failures_ > 0) {
            --failures_;
            co_return send_result{failure_, "peer down"};
        }
        for (const auto& e : events) accepted.push_back(e.id);
        co_return send_result{};
    }
    net::awaitable<void> stop() override {
        stopped = true;
        co_return;
    }
    int attempts = 0;
    bool stopped = false;
    std::vector<std::string> accepted;

private:
    int failures_;
    send_status failure_;
};

event_batch batch_of(std::initializer_list<const char*> ids) {
    event_batch b;
    for (auto id : ids) b.push(event{id, std::string("{\"id\":\"") + id + "\"}"});
    return b;
}

struct dispatcher_test : ::testing::Test {
    net::io_context ctx;
    pipeline::stop_signal stop{ctx.get_executor()};

    std::pair<std::unique_ptr<pipeline::dispatcher>, std::vector<fake_sink*>> make(
        std::vector<std::unique_ptr<fake_sink>> sinks) {
        std::vector<fake_sink*> raw;
        std::vector<std::unique_ptr<sink>> owned;
        for (auto& s : sinks) {
            raw.push_back(s.get());
            owned.push_back(std::move(s));
        }
        return {std::make_unique<pipeline::dispatcher>(std::move(owned), stop,
                                                       pipeline::backoff(1ms, 2ms, 1)),
                raw};
    }

    void publish(pipeline::dispatcher& d, const event_batch& b) {
        auto f = net::co_spawn(ctx, d.publish(b), net::use_future);
        ctx.run();
        ctx.restart();
        f.get();
    }
};

}  // namespace

TEST_F(dispatcher_test, delivers_to_every_sink_in_order) {
    std::vector<std::unique_ptr<fake_sink>> sinks;
    sinks.push_back(std::make_unique<fake_sink>(0));
    sinks.push_back(std::make_unique<fake_sink>(0));
    auto [d, raw] = make(std::move(sinks));
    publish(*d, batch_of({"a", "b"}));
    publish(*d, batch_of({"c"}));
    for (auto* s : raw) EXPECT_EQ(s->accepted, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(d->delivered(), 3u);
}

TEST_F(dispatcher_test, retries_a_sink_until_it_accepts_and_loses_nothing) {
    std::vector<std::unique_ptr<fake_sink>> sinks;
    sinks.push_back(std::make_unique<fake_sink>(5));
    auto [d, raw] = make(std::move(sinks));
    publish(*d, batch_of({"a"}));
    EXPECT_EQ(raw[0]->attempts, 6);
    EXPECT_EQ(raw[0]->accepted, std::vector<std::string>{"a"});
}

TEST_F(dispatcher_test, a_fatal_refusal_is_an_error_not_a_silent_drop) {
    std::vector<std::unique_ptr<fake_sink>> sinks;
    sinks.push_back(std::make_unique<fake_sink>(1, send_status::fatal));
    auto [d, raw] = make(std::move(sinks));
    EXPECT_THROW(publish(*d, batch_of({"a"})), pipeline::delivery_error);
    EXPECT_TRUE(raw[0]->accepted.empty());
}

TEST_F(dispatcher_test, stop_ends_a_retry_loop_without_claiming_delivery) {
    std::vector<std::unique_ptr<fake_sink>> sinks;
    sinks.push_back(std::make_unique<fake_sink>(1000000));
    auto [d, raw] = make(std::move(sinks));
    auto f = net::co_spawn(ctx, d->publish(batch_of({"a"})), net::use_future);
    // Let it fail a few times, then stop from inside the loop's executor.
    for (int i = 0; i < 3; ++i) ctx.run_one();
    net::post(ctx, [this] { stop.request(); });
    ctx.run();
    EXPECT_THROW(f.get(), pipeline::stopping);
    EXPECT_EQ(d->delivered(), 0u);
}

TEST_F(dispatcher_test, stop_sinks_reaches_every_sink) {
    std::vector<std::unique_ptr<fake_sink>> sinks;
    sinks.push_back(std::make_unique<fake_sink>(0));
    sinks.push_back(std::make_unique<fake_sink>(0));
    auto [d, raw] = make(std::move(sinks));
    auto f = net::co_spawn(ctx, d->stop_sinks(), net::use_future);
    ctx.run();
    f.get();
    EXPECT_TRUE(raw[0]->stopped && raw[1]->stopped);
}
