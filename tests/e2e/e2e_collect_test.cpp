// The sfcollector binary, run as a process against the fake Salesforce, as an operator runs it.

#include <simdjson.h>

#include <csignal>
#include <fstream>
#include <map>

#include "e2e/collector_fixture.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

class collect : public collector_fixture {
protected:
    void start_with_dataset(std::size_t files, std::size_t rows, int batch_size = 2000) {
        auto o = fake_options();
        o.default_batch_size = batch_size;
        start_fake(o);
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows;
        fake_->generate_dataset(d);
    }
};

}  // namespace

TEST_F(collect, files_across_several_query_pages_all_arrive) {
    start_with_dataset(450, 3, 200);
    const auto config = write_config();
    const auto st = run("once", config);
    EXPECT_FALSE(st.signalled);
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    const auto stats = fake_->stats();
    EXPECT_GE(stats.query_more, 2) << "the listing should have needed nextRecordsUrl pages";
    EXPECT_EQ(stats.log_file_completed, 450);
}

TEST_F(collect, a_late_hourly_file_with_an_old_log_date_is_collected_on_the_next_pass) {
    start_with_dataset(4, 5);
    const auto config = write_config();
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    const auto first = read_sink().size();
    EXPECT_EQ(first, 20u);
    // Late data: same EventType and LogDate as a collected file, Sequence + 1, a new CreatedDate.
    const auto original = fake_->log_files().front();
    const auto late = fake_->add_late_log_file(original.id, std::chrono::system_clock::now(), 7);
    EXPECT_EQ(late.sequence, original.sequence + 1);
    EXPECT_EQ(late.log_date, original.log_date);
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    EXPECT_EQ(read_sink().size(), first + 7);
    EXPECT_EQ(expect_every_row_delivered(), 0u);
}

TEST_F(collect, hard_csv_cells_arrive_exactly_through_gzip) {
    auto o = fake_options();
    o.gzip_log_files = true;
    start_fake(o);
    const std::vector<std::string> notes = {"line one\nline two",
                                            "He said \"example message\"",
                                            "\"\"\"triple\"\"\"",
                                            "a,b,,c",
                                            "Z\u00fcrich \u2014 \u6771\u4eac",
                                            "",
                                            "crlf\r\ninside",
                                            "trailing space ",
                                            "back\\slash\ttab"};
    csv_table table;
    table.header = {"EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "NOTE"};
    for (std::size_t i = 0; i < notes.size(); ++i) {
        table.rows.push_back({"Login", "20240311150000.123", "req-" + std::to_string(i), notes[i]});
    }
    log_file_spec spec;
    spec.log_date = std::chrono::system_clock::now() - 3h;
    spec.created_date = std::chrono::system_clock::now() - 1h;
    spec.csv = table;
    fake_->add_log_file(spec);
    log_file_spec header_only = spec;
    header_only.id.clear();
    header_only.event_type = "URI";
    header_only.csv = csv_table{{"EVENT_TYPE", "REQUEST_ID"}, {}};
    fake_->add_log_file(header_only);

    ASSERT_EQ(run("once", write_config()).code, 0) << stderr_text();
    std::ifstream in(sink_path_);
    simdjson::dom::parser parser;
    std::map<std::string, std::string> got;
    for (std::string line; std::getline(in, line);) {
        simdjson::dom::element doc;
        ASSERT_FALSE(parser.parse(line).get(doc)) << line;
        std::string_view id, note, ts;
        ASSERT_FALSE(doc["REQUEST_ID"].get(id));
        ASSERT_FALSE(doc["NOTE"].get(note));
        ASSERT_FALSE(doc["sfc"]["timestamp"].get(ts));
        EXPECT_EQ(ts, "2024-03-11T15:00:00.123Z");
        got[std::string(id)] = std::string(note);
    }
    ASSERT_EQ(got.size(), notes.size());
    for (std::size_t i = 0; i < notes.size(); ++i) {
        EXPECT_EQ(got["req-" + std::to_string(i)], notes[i]) << "row " << i;
    }
    EXPECT_EQ(fake_->stats().log_file_completed, 2);
}

TEST_F(collect, token_expiry_mid_run_re_authenticates_and_continues) {
    start_with_dataset(30, 200);
    const auto config = write_config();
    auto child = start("once", config);
    ASSERT_TRUE(
        fake_->wait_for([](const fake_stats& s) { return s.log_file_completed >= 3; }, 60s));
    fake_->expire_all_tokens();
    const auto st = child->wait_for(120s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_GE(fake_->stats().token_ok, 2);
    EXPECT_GE(fake_->stats().unauthorized, 1);
}

TEST_F(collect, server_unavailable_then_recovery) {
    start_with_dataset(6, 50);
    fake_->fail_next(endpoint::query, fault_kind::server_unavailable, 1);
    fake_->fail_next(endpoint::log_file, fault_kind::server_unavailable, 2);
    fake_->fail_next(endpoint::log_file, fault_kind::bad_gateway_html, 1);
    const auto config = write_config();
    auto child = start("run", config);
    // A stop ends the downloads in flight at their next chunk (their rows come in the next run),
    // so wait until every row has landed in the sink, not just until the server sent them.
    ASSERT_TRUE(wait_until([&] { return read_sink().size() >= 6 * 50; }, 90s)) << stderr_text();
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_FALSE(st->signalled);
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_NE(stderr_text().find("SERVER_UNAVAILABLE"), std::string::npos);
}

TEST_F(collect, connection_reset_mid_csv_downloads_again_without_loss_or_repeats) {
    start_with_dataset(4, 3000);
    // Far enough into the first file that whole batches were delivered before each reset: the
    // next download must skip exactly those rows (no repeats) and deliver the rest (no loss).
    const auto first = fake_->log_files().front();
    fake_->reset_log_file_after_bytes(first.length * 2 / 3, 3);
    const auto config = write_config("");
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_EQ(fake_->stats().log_file_aborted, 3);
    const auto err = stderr_text();
    EXPECT_NE(err.find("download broke after"), std::string::npos) << err;
    EXPECT_EQ(err.find("download broke after 0 delivered rows"), std::string::npos) << err;
}

TEST_F(collect, sigterm_saves_the_cursor_and_a_restart_resumes) {
    start_with_dataset(20, 2000);
    const auto config = write_config();
    auto child = start("run", config);
    ASSERT_TRUE(
        fake_->wait_for([](const fake_stats& s) { return s.log_file_completed >= 2; }, 60s));
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_FALSE(st->signalled);
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_TRUE(std::filesystem::exists(dir_ / "state"));
    const auto before = fake_->stats().log_file_completed;
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    // Files delivered whole before the stop are not downloaded again: only the ones in flight
    // (up to max_concurrent_requests, 4, at once) may be.
    EXPECT_LE(fake_->stats().log_file_completed, 20 + 4);
    EXPECT_GE(before, 2);
}

TEST_F(collect, kill_9_at_any_moment_loses_nothing) {
    start_with_dataset(12, 2500);
    const auto config = write_config();
    // Kill it repeatedly at different points of the run, then let a last pass finish.
    for (int kills = 1; kills <= 3; ++kills) {
        auto child = start("run", config);
        const int target = kills * 3;
        ASSERT_TRUE(fake_->wait_for(
            [target](const fake_stats& s) { return s.log_file_started >= target; }, 60s));
        child->send_signal(SIGKILL);
        ASSERT_TRUE(child->wait_for(30s));
    }
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    const auto repeats = expect_every_row_delivered();
    // What repeats after a crash is at most the unsaved tail: one batch (1000 rows) per kill.
    EXPECT_LE(repeats, 3u * 1000u);
}

TEST_F(collect, a_wrong_key_is_reported_with_the_invalid_assertion_advice) {
    start_with_dataset(1, 1);
    const auto other = make_rsa_identity("not the uploaded one");
    write_file(dir_ / "other.pem", other.key_pkcs1_pem);
    const auto config = write_config("", "other.pem");
    const auto st = run("once", config);
    EXPECT_EQ(st.code, 1);
    const auto err = stderr_text();
    EXPECT_NE(err.find("invalid assertion"), std::string::npos) << err;
    EXPECT_NE(err.find("server.crt"), std::string::npos) << err;
    EXPECT_EQ(err.find("BEGIN"), std::string::npos) << "key material in the log";
    EXPECT_EQ(fake_->stats().token_ok, 0);
}

// A full state directory (or any failed cursor save) must fail `once` with EX_IOERR, naming
// the state directory: a scheduler that sees exit 0 would believe the progress was kept.
TEST_F(collect, once_exits_74_naming_the_state_dir_when_no_cursor_can_be_saved) {
    start_with_dataset(2, 5);
    const auto config = write_config();
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    // Every cursor's temporary file becomes a directory: the save fails even for root.
    const auto state = dir_ / "state";
    std::size_t cursors = 0;
    for (const auto& entry : std::filesystem::directory_iterator(state)) {
        if (entry.path().extension() != ".json") continue;
        std::filesystem::create_directory(entry.path().string() + ".tmp");
        ++cursors;
    }
    ASSERT_GT(cursors, 0u);
    const auto original = fake_->log_files().front();
    fake_->add_late_log_file(original.id, std::chrono::system_clock::now(), 3);
    const auto st = run("once", config);
    EXPECT_FALSE(st.signalled);
    EXPECT_EQ(st.code, 74) << stderr_text();
    const auto err = stderr_text();
    EXPECT_NE(err.find("could not be saved in the state directory " + state.string()),
              std::string::npos)
        << err;
    EXPECT_EQ(read_sink().size(), 13u) << "the events were delivered all the same";
}

TEST_F(collect, validate_accepts_a_good_config_and_rejects_a_bad_one) {
    start_with_dataset(1, 1);
    const auto good = write_config();
    EXPECT_EQ(run("validate", good).code, 0) << stderr_text();
    const auto bad = write_config("bogus_key: 1\n");
    EXPECT_EQ(run("validate", bad).code, 78);
    EXPECT_NE(stderr_text().find("bogus_key"), std::string::npos) << stderr_text();
    EXPECT_EQ(fake_->stats().requests, 0) << "validate must not contact Salesforce";
}

// Salesforce regenerates a daily file: a new Id and CreatedDate, the same LogDate and rows. The
// collector takes it (it cannot know it is a copy), and every repeat carries the original's id.
TEST_F(collect, a_regenerated_daily_file_repeats_every_event_id) {
    start_fake(fake_options());
    // Both CreatedDates lie in the past at any hour of the run: the original an hour ago, the
    // copy now. The file's day is the one before the original was created.
    const auto now = std::chrono::system_clock::now();
    const auto created = std::chrono::floor<std::chrono::seconds>(now) - std::chrono::hours(1);
    const auto day = std::chrono::floor<std::chrono::days>(created) - std::chrono::days(1);
    log_file_spec daily;
    daily.interval = "Daily";
    daily.sequence = 0;
    daily.log_date = day;
    daily.created_date = created;
    daily.rows = 8;
    const auto original = fake_->add_log_file(daily);
    auto config = write_config();
    std::string text = read_file(config);
    text.replace(text.find("interval: Hourly"), 16, "interval: Daily");
    write_file(config, text);
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    ASSERT_EQ(read_sink().size(), 8u);

    const auto copy = fake_->add_regenerated_log_file(original.id, now);
    EXPECT_NE(copy.id, original.id);
    ASSERT_EQ(run("once", config).code, 0) << stderr_text();
    const auto lines = read_sink();
    ASSERT_EQ(lines.size(), 16u);
    std::map<std::string, std::string> first_ids;  // request id -> event id
    for (const auto& l : lines) {
        if (l.log_file_id == original.id) first_ids[l.request_id] = l.event_id;
    }
    ASSERT_EQ(first_ids.size(), 8u);
    for (const auto& l : lines) {
        if (l.log_file_id != copy.id) continue;
        EXPECT_EQ(l.event_id, first_ids[l.request_id]) << "row " << l.request_id;
    }
}

namespace {

/// Newline count of a file that may be growing (a partly written line does not count).
std::size_t lines_in(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::size_t n = 0;
    for (char c; in.get(c);) n += c == '\n';
    return n;
}

}  // namespace

// logrotate moves the sink's file away and sends SIGHUP (postrotate, or systemctl reload): the
// daemon keeps running, opens the path afresh, and later events go to the new file; none is lost.
TEST_F(collect, sighup_reopens_the_file_sink_after_a_rotation) {
    start_with_dataset(2, 50);
    auto child = start("run", write_config());
    ASSERT_TRUE(wait_until([&] { return lines_in(sink_path_) == 100; }, 60s)) << stderr_text();
    const auto rotated = std::filesystem::path(sink_path_.string() + ".1");
    std::filesystem::rename(sink_path_, rotated);
    child->send_signal(SIGHUP);
    ASSERT_TRUE(wait_until(
        [&] { return stderr_text().find("received SIGHUP") != std::string::npos; }, 30s));

    log_file_spec spec;
    spec.rows = 7;
    spec.log_date = std::chrono::system_clock::now() - 2h;
    spec.created_date = std::chrono::system_clock::now();
    fake_->add_log_file(spec);
    ASSERT_TRUE(wait_until([&] { return lines_in(sink_path_) == 7; }, 60s)) << stderr_text();
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_FALSE(st->signalled) << "SIGHUP must not end the daemon";
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_EQ(read_sink().size(), 7u);
    EXPECT_EQ(lines_in(rotated), 100u) << "the rotated file keeps what was written before";
}
