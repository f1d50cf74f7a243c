// The sfcollector binary delivering to a fake Elasticsearch: the conservation oracle under
// repeated kill -9, a dead SIEM pausing collection with bounded memory, and dead letters.

#include <simdjson.h>

#include <csignal>
#include <fstream>
#include <random>
#include <set>

#include "e2e/collector_fixture.hpp"
#include "fake_siem/fake_elasticsearch.hpp"
#include "rsyslog/rsyslog_server.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

class siem : public collector_fixture {
protected:
    void start_all(std::size_t files, std::size_t rows) {
        start_fake(fake_options());
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows;
        fake_->generate_dataset(d);
        es_ = std::make_unique<fake_elasticsearch>();
    }

    std::filesystem::path es_config(std::size_t queue_events = 2000) {
        const std::string pipeline = "pipeline:\n  max_events: " + std::to_string(queue_events) +
                                     "\n  retry_initial: 50ms\n  retry_max: 500ms\n"
                                     "  shutdown_grace: 5s\n";
        const std::string sinks = "  - type: elasticsearch\n    url: " + es_->base_url() +
                                  "\n    index: logs-salesforce-e2e\n";
        return write_config(pipeline, "server.pem", sinks);
    }

    /// REQUEST_IDs of the documents in Elasticsearch; fails on a document whose _id is not its
    /// event id.
    std::set<std::string> indexed_request_ids() const {
        std::set<std::string> out;
        simdjson::dom::parser parser;
        for (const auto& doc : es_->documents()) {
            simdjson::dom::element e;
            if (parser.parse(doc.source).get(e)) {
                ADD_FAILURE() << "not JSON: " << doc.source;
                continue;
            }
            std::string_view id, event_id;
            if (!e["REQUEST_ID"].get(id)) out.emplace(id);
            if (e["sfc"]["event_id"].get(event_id) || event_id != doc.id) {
                ADD_FAILURE() << "_id " << doc.id << " is not the event id";
            }
        }
        return out;
    }

    std::size_t missing_rows() const {
        const auto got = indexed_request_ids();
        std::size_t missing = 0;
        for (const auto& id : served_request_ids()) missing += got.count(id) ? 0 : 1;
        return missing;
    }

    static long rss_kib(int pid) {
        std::ifstream in("/proc/" + std::to_string(pid) + "/status");
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
        }
        return -1;
    }

    std::unique_ptr<fake_elasticsearch> es_;
};

}  // namespace

TEST_F(siem, oracle_every_served_event_survives_repeated_kill_9) {
    start_all(16, 1500);
    const auto config = es_config();
    const int total = 16 * 1500;
    std::mt19937 rng(20261128);
    int kills = 0;
    int floor = 0;
    while (floor < total * 3 / 4 && kills < 8) {
        // Kill at a random point between what is indexed now and the end.
        std::uniform_int_distribution<int> pick(floor + 1, floor + total / 6);
        const int target = pick(rng);
        auto child = start("run", config);
        const bool reached = es_->wait_for(
            [target](const fake_es_stats& s) { return s.created >= target; }, 60s);
        child->send_signal(SIGKILL);
        ASSERT_TRUE(child->wait_for(30s));
        ASSERT_TRUE(reached) << "no progress before kill " << kills << ":\n" << stderr_text();
        ++kills;
        floor = es_->stats().created;
    }
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    EXPECT_EQ(missing_rows(), 0u) << stderr_text();
    EXPECT_EQ(es_->stats().documents, static_cast<std::size_t>(total));
    // Repeats are only the unsaved tails: what was queued or in flight at each kill.
    EXPECT_LE(es_->stats().conflicts, kills * (2000 + 1000)) << "kills: " << kills;
    EXPECT_GE(kills, 3);
}

TEST_F(siem, a_dead_siem_pauses_collection_with_bounded_memory_and_loses_nothing) {
    start_all(20, 3000);
    es_->set_down(true);
    const auto config = es_config(2000);
    auto child = start("run", config);
    ASSERT_TRUE(wait_until(
        [this] { return stderr_text().find("collection paused") != std::string::npos; }, 60s))
        << stderr_text();
    const auto paused_at = fake_->stats().log_file_completed;
    EXPECT_LT(paused_at, 20) << "collection must stop while nothing can be delivered";
    const long rss = rss_kib(child->pid());
    EXPECT_GT(rss, 0);
#if !defined(__SANITIZE_ADDRESS__)
    // AddressSanitizer's shadow memory and quarantine inflate RSS; the bound holds for real builds.
    EXPECT_LT(rss, 64 * 1024) << "KiB resident while the SIEM is down";
#endif
    es_->set_down(false);
    ASSERT_TRUE(es_->wait_for(
        [](const fake_es_stats& s) { return s.documents >= 20u * 3000u; }, 120s))
        << stderr_text();
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_EQ(missing_rows(), 0u);
    const auto err = stderr_text();
    EXPECT_NE(err.find("collection resumed"), std::string::npos) << err;
    EXPECT_NE(err.find("is accepting events again"), std::string::npos) << err;
}

TEST_F(siem, refused_events_land_in_the_dead_letter_file_with_their_reason) {
    start_all(3, 50);
    const auto ids = fake_->request_ids(fake_->log_files().front().id);
    ASSERT_FALSE(ids.empty());
    es_->reject_documents_with(ids[7]);
    const auto config = es_config();
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    EXPECT_EQ(es_->stats().documents, 3u * 50u - 1u);
    std::ifstream in(dir_ / "state" / "dead-letter.jsonl");
    std::string line;
    ASSERT_TRUE(std::getline(in, line)) << stderr_text();
    EXPECT_NE(line.find(ids[7]), std::string::npos) << line;
    EXPECT_NE(line.find("mapper_parsing_exception"), std::string::npos) << line;
    EXPECT_NE(line.find("\"sink\":\"elasticsearch:"), std::string::npos) << line;
    EXPECT_FALSE(std::getline(in, line));
}

// UDP is best effort: a receiver whose port is closed (ICMP port unreachable, reported as
// ECONNREFUSED on the next send) must not hold back the other sinks or the cursors.
TEST_F(siem, a_closed_udp_syslog_port_never_holds_back_the_file_sink_or_the_cursor) {
    start_all(4, 300);
    const auto port = free_loopback_port(true);  // nothing listens there
    const std::string sinks = "  - type: file\n    path: " + sink_path_.string() +
                              "\n  - type: syslog\n    host: 127.0.0.1\n    transport: udp\n"
                              "    port: " +
                              std::to_string(port) + "\n    batch: {max_events: 50}\n";
    const auto config =
        write_config("pipeline:\n  retry_initial: 50ms\n  retry_max: 500ms\n", "server.pem", sinks);
    const auto st = run("once", config, 60s);
    EXPECT_FALSE(st.signalled);
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    const auto err = stderr_text();
    std::size_t warnings = 0;
    for (std::size_t at = 0;
         (at = err.find("the receiver refuses datagrams (ICMP port unreachable)", at)) !=
         std::string::npos;
         ++at) {
        ++warnings;
    }
    EXPECT_EQ(warnings, 1u) << err;
    // The cursors moved: a second pass downloads nothing again.
    const auto downloads = fake_->stats().log_file_completed;
    ASSERT_EQ(run("once", config, 60s).code, 0) << stderr_text();
    EXPECT_EQ(fake_->stats().log_file_completed, downloads);
}
