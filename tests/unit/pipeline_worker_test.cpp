#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>
#ifndef _WIN32
#include <sys/stat.h>
#endif

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <deque>
#include <fstream>

#include "log_capture.hpp"
#include "pki/test_pki.hpp"

namespace net = boost::asio;
using namespace std::chrono_literals;
using namespace sfc;
using namespace sfc::async;
using namespace sfc::pipeline;

namespace {

/// Answers each send with the next scripted result (then ok), recording what it was given.
class scripted_sink final : public sink {
public:
    std::string name() const override { return "scripted"; }
    net::awaitable<send_result> send(std::span<const event> events) override {
        std::vector<std::string> ids;
        for (const auto& e : events) ids.push_back(e.id);
        sends.push_back(ids);
        send_result r;
        if (!script.empty()) {
            r = script.front();
            script.pop_front();
        }
        if (r.status == send_status::ok) {
            for (std::size_t i = 0; i < ids.size(); ++i) {
                bool refused = false;
                for (const auto& j : r.rejected) refused |= j.index == i;
                if (!refused) accepted.push_back(ids[i]);
            }
        } else if (r.status == send_status::partial) {
            for (std::size_t i = 0; i < ids.size(); ++i) {
                bool out = false;
                for (auto j : r.retry) out |= j == i;
                for (const auto& j : r.rejected) out |= j.index == i;
                if (!out) accepted.push_back(ids[i]);
            }
        }
        co_return r;
    }
    net::awaitable<send_result> sync() override {
        // What the sync covers: the events accepted so far.
        if (journal) journal->push_back("sync" + std::to_string(accepted.size()));
        if (fail_sync) co_return send_result::failed(send_status::retry, "scripted: no sync");
        co_return send_result::accepted();
    }
    void reopen() override {
        ++reopens;
        if (refuse_reopen) throw std::runtime_error("scripted: cannot open /nowhere");
    }
    std::deque<send_result> script;
    int reopens = 0;
    bool refuse_reopen = false;
    bool fail_sync = false;
    std::vector<std::string>* journal = nullptr;  ///< syncs, beside the test's callbacks
    std::vector<std::vector<std::string>> sends;
    std::vector<std::string> accepted;
};

event_batch batch_of(int first, int count) {
    event_batch b;
    for (int i = first; i < first + count; ++i) {
        b.push(event{"e" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"});
    }
    return b;
}

send_result retry_result() {
    return send_result::failed(send_status::retry, "peer down");
}

struct pipeline_test : ::testing::Test {
    net::io_context ctx;
    sfc::async::stop_signal stop{ctx.get_executor()};
    sfc::system_clock clock;
    std::filesystem::path dir = test::make_temp_dir("sfc-pipeline");
    std::vector<std::string> delivered;
    std::vector<std::string> journal;  ///< callbacks and syncs, in the order they ran
    ~pipeline_test() override { std::filesystem::remove_all(dir); }

    config::pipeline_config cfg(std::chrono::seconds grace = 5s) {
        config::pipeline_config c;
        c.retry_initial = 1ms;
        c.retry_max = 2ms;
        c.dead_letter_path = dir / "dead.jsonl";
        c.shutdown_grace = grace;
        return c;
    }

    std::unique_ptr<pipeline::pipeline> make(std::vector<scripted_sink*>& raw,
                                             int count,
                                             config::pipeline_config c,
                                             batching b = {10, 1 << 20, 0ms}) {
        std::vector<sink_entry> entries;
        for (int i = 0; i < count; ++i) {
            auto s = std::make_unique<scripted_sink>();
            raw.push_back(s.get());
            entries.push_back({std::move(s), b});
        }
        return std::make_unique<pipeline::pipeline>(
            ctx.get_executor(), c, std::move(entries), clock, stop, 7);
    }

    /// Publishes the batches, then drains; returns drain()'s answer.
    bool run(pipeline::pipeline& p, std::vector<event_batch> batches) {
        p.start();
        auto f = net::co_spawn(ctx, feed(p, std::move(batches)), net::use_future);
        ctx.run();
        return f.get();
    }

    // A member coroutine, not a capturing lambda: the lambda object would die before its frame.
    net::awaitable<bool> feed(pipeline::pipeline& p, std::vector<event_batch> batches) {
        int n = 0;
        for (auto& b : batches) {
            const std::string tag = "b" + std::to_string(n++);
            // Named, not a temporary in the co_await: GCC 12 mishandles such temporaries.
            std::function<void()> on_delivered = [this, tag] {
                delivered.push_back(tag);
                journal.push_back(tag);
            };
            co_await p.publish(std::move(b), std::move(on_delivered));
        }
        co_return co_await p.drain();
    }
};

}  // namespace

TEST_F(pipeline_test, fan_out_delivers_everything_to_every_sink_then_acks_in_order) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 2, cfg());
    sinks[1]->script = {retry_result(), retry_result()};
    EXPECT_TRUE(run(*p, {batch_of(0, 3), batch_of(3, 4)}));
    const std::vector<std::string> all = {"e0", "e1", "e2", "e3", "e4", "e5", "e6"};
    EXPECT_EQ(sinks[0]->accepted, all);
    EXPECT_EQ(sinks[1]->accepted, all);
    EXPECT_EQ(delivered, (std::vector<std::string>{"b0", "b1"}));
}

TEST_F(pipeline_test, a_partial_answer_resends_only_what_it_names) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg());
    send_result partial;
    partial.status = send_status::partial;
    partial.retry = {1, 3};
    sinks[0]->script = {partial};
    EXPECT_TRUE(run(*p, {batch_of(0, 4)}));
    ASSERT_EQ(sinks[0]->sends.size(), 2u);
    EXPECT_EQ(sinks[0]->sends[1], (std::vector<std::string>{"e1", "e3"}));
    EXPECT_EQ(sinks[0]->accepted, (std::vector<std::string>{"e0", "e2", "e1", "e3"}));
    EXPECT_EQ(p->workers()[0]->counters().accepted, 4u);
}

TEST_F(pipeline_test, refused_events_go_to_the_dead_letter_file_and_do_not_block_the_rest) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg());
    send_result r;
    r.rejected = {{1, "mapper_parsing_exception: field [x] of type long"}};
    sinks[0]->script = {r};
    EXPECT_TRUE(run(*p, {batch_of(0, 3), batch_of(3, 1)}));
    EXPECT_EQ(sinks[0]->accepted, (std::vector<std::string>{"e0", "e2", "e3"}));
    EXPECT_EQ(delivered.size(), 2u);
    std::ifstream in(dir / "dead.jsonl");
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    EXPECT_NE(line.find("\"event_id\":\"e1\""), std::string::npos) << line;
    EXPECT_NE(line.find("mapper_parsing_exception"), std::string::npos) << line;
    EXPECT_NE(line.find("\"sink\":\"scripted\""), std::string::npos) << line;
    EXPECT_NE(line.find("\"event\":{\"n\":1}"), std::string::npos) << line;
    EXPECT_FALSE(std::getline(in, line)) << "one refused event, one line";
    EXPECT_EQ(p->workers()[0]->counters().dead_lettered, 1u);
}

#ifndef _WIN32  // mode bits
TEST_F(pipeline_test, the_dead_letter_folders_it_creates_are_0750_even_under_umask_0) {
    dead_letter_file dead(dir / "dl" / "sub" / "dead.jsonl", clock);
    const event e{"e1", R"({"n":1})"};
    const std::vector<std::pair<const event*, std::string>> refused{{&e, "refused"}};
    const mode_t previous = ::umask(0);
    dead.write("scripted", refused);
    ::umask(previous);
    struct stat st {};
    ASSERT_EQ(::stat((dir / "dl").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
    ASSERT_EQ(::stat((dir / "dl" / "sub").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0750u);
}
#endif

TEST_F(pipeline_test, a_dead_sink_is_abandoned_after_the_grace_without_acknowledging) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 2, cfg(1s));
    for (int i = 0; i < 100000; ++i) sinks[1]->script.push_back(retry_result());
    EXPECT_FALSE(run(*p, {batch_of(0, 2)}));
    EXPECT_EQ(sinks[0]->accepted.size(), 2u);
    EXPECT_TRUE(sinks[1]->accepted.empty());
    EXPECT_TRUE(delivered.empty()) << "a cursor must not move past what one sink lacks";
}

TEST_F(pipeline_test, batching_by_count_groups_small_publishes) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg(), batching{4, 1 << 20, 10s});
    EXPECT_TRUE(
        run(*p, {batch_of(0, 1), batch_of(1, 1), batch_of(2, 1), batch_of(3, 1), batch_of(4, 1)}));
    ASSERT_GE(sinks[0]->sends.size(), 2u);
    EXPECT_EQ(sinks[0]->sends[0].size(), 4u) << "lingered until the batch was full";
    EXPECT_EQ(sinks[0]->accepted.size(), 5u);
}

// SIGHUP: every sink is asked to reopen; one that cannot is logged and does not keep the others
// from reopening.
TEST_F(pipeline_test, reopen_asks_every_sink_and_logs_the_ones_that_cannot) {
    test::log_capture log;
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 3, cfg());
    sinks[1]->refuse_reopen = true;
    EXPECT_EQ(p->reopen_sinks(), 3u);
    for (auto* s : sinks) EXPECT_EQ(s->reopens, 1);
    EXPECT_EQ(log.count(spdlog::level::warn,
                        "scripted: cannot open /nowhere; writing on to what it had open"),
              1);
}

// A sink that keeps failing must be visible at the default level, but once per episode, not
// once per retry; a partial answer (some events left to resend) is a failure too.
TEST_F(pipeline_test, a_retryable_failure_warns_once_per_episode_and_its_end_is_told) {
    test::log_capture log(spdlog::level::debug);
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg());
    send_result partial;
    partial.status = send_status::partial;
    partial.detail = "udp: send failed: Connection refused";
    partial.retry = {1, 2};
    sinks[0]->script = {partial, retry_result(), retry_result(), retry_result()};
    EXPECT_TRUE(run(*p, {batch_of(0, 3)}));
    EXPECT_EQ(sinks[0]->accepted.size(), 3u);
    EXPECT_EQ(log.count(spdlog::level::warn,
                        "sink scripted is not accepting events (udp: send failed: Connection "
                        "refused); will retry with backoff"),
              1);
    EXPECT_EQ(log.count(spdlog::level::warn, "not accepting"), 1) << "retries go to debug";
    EXPECT_EQ(log.count(spdlog::level::debug, "sink scripted still not accepting events"), 3);
    EXPECT_EQ(log.count(spdlog::level::debug, "(attempt 4): peer down"), 1);
    EXPECT_EQ(log.count(spdlog::level::info,
                        "sink scripted is accepting events again after 4 failed attempt(s) over"),
              1);
}

TEST_F(pipeline_test, a_cursor_is_saved_only_after_the_sink_synced_every_event_it_covers) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg(), {2, 1 << 20, 0ms});
    sinks[0]->journal = &journal;
    p->set_commit_policy({0ms, {}, {}});
    EXPECT_TRUE(run(*p, {batch_of(0, 3), batch_of(3, 4), batch_of(7, 1)}));
    ASSERT_EQ(delivered, (std::vector<std::string>{"b0", "b1", "b2"}));
    const std::size_t through[] = {3, 7, 8};  // events up to and including each batch
    std::size_t synced = 0;
    for (const auto& entry : journal) {
        if (entry.rfind("sync", 0) == 0) {
            synced = std::stoul(entry.substr(4));
        } else {
            EXPECT_GE(synced, through[entry[1] - '0']) << entry << " saved before its sync";
        }
    }
}

TEST_F(pipeline_test, one_round_syncs_once_for_every_batch_delivered_within_the_interval) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 1, cfg());
    sinks[0]->journal = &journal;
    // Longer than the test: only drain's last round runs.
    p->set_commit_policy({std::chrono::hours(1),
                          [this] { journal.push_back("begin"); },
                          [this] { journal.push_back("end"); }});
    EXPECT_TRUE(run(*p, {batch_of(0, 3), batch_of(3, 4)}));
    EXPECT_EQ(journal, (std::vector<std::string>{"sync7", "begin", "b0", "b1", "end"}));
}

TEST_F(pipeline_test, a_sink_that_cannot_sync_holds_every_cursor_and_drain_says_so) {
    std::vector<scripted_sink*> sinks;
    auto p = make(sinks, 2, cfg());
    sinks[1]->fail_sync = true;
    p->set_commit_policy({0ms, {}, {}});
    EXPECT_FALSE(run(*p, {batch_of(0, 3), batch_of(3, 4)}));
    EXPECT_EQ(sinks[0]->accepted.size(), 7u);
    EXPECT_TRUE(delivered.empty()) << "a cursor must not move past what a sink could not sync";
}
