// Several orgs in one daemon, and the API share: the sfcollector binary run as a process against
// two fake orgs.

#include <csignal>
#include <fstream>
#include <map>
#include <sstream>

#include "e2e/collector_fixture.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

constexpr const char* second_org_id = "00D8d00000XyZ12EAA";

class orgs : public collector_fixture {
protected:
    /// Starts a second fake org with its own CA (ca-beta.pem), trusting the same certificate.
    void start_second_fake(std::size_t files, std::size_t rows) {
        auto o = fake_options();
        o.org_id = second_org_id;
        second_ = std::make_unique<fake_salesforce>(o);
        second_->start();
        write_file(dir_ / "ca-beta.pem", second_->ca_cert_pem());
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows;
        second_->generate_dataset(d);
    }

    void start_first_fake(std::size_t files, std::size_t rows) {
        start_fake(fake_options());
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows;
        fake_->generate_dataset(d);
    }

    static std::string org_yaml(const std::string& name,
                                const fake_salesforce& fake,
                                const std::string& ca_file,
                                const std::string& key_file) {
        std::ostringstream y;
        y << "  - name: " << name << "\n"
          << "    salesforce:\n"
          << "      private_key: " << key_file << "\n"
          << "      username: " << username << "\n"
          << "      client_id: " << client_id << "\n"
          << "      instance_url: " << fake.base_url() << "\n"
          << "      login_url: " << fake.base_url() << "\n"
          << "      api_version: \"64.0\"\n"
          << "      ca_file: " << ca_file << "\n";
        return y.str();
    }

    std::filesystem::path write_two_org_config(const std::string& beta_key) {
        std::ostringstream y;
        y << "orgs:\n"
          << org_yaml("alpha", *fake_, "ca.pem", "server.pem")
          << org_yaml("beta", *second_, "ca-beta.pem", beta_key) << "event_log_file:\n"
          << "  interval: Hourly\n"
          << "collection:\n"
          << "  poll_interval: 1s\n"
          << "state_dir: state\n"
          << "log_level: debug\n"
          << "sinks:\n"
          << "  - type: file\n"
          << "    path: " << sink_path_.string() << "\n";
        const auto path = dir_ / "sfcollector.yaml";
        write_file(path, y.str());
        return path;
    }

    /// Sink lines per sfc.org_id.
    std::map<std::string, std::size_t> lines_per_org() const {
        return sink_lines_by(&sink_line::org_id);
    }

    std::size_t lines_of(const std::string& org_id) const {
        const auto all = lines_per_org();
        const auto it = all.find(org_id);
        return it == all.end() ? 0 : it->second;
    }

    void stop_and_expect_clean_exit(child_process& child) {
        child.send_signal(SIGTERM);
        const auto st = child.wait_for(60s);
        ASSERT_TRUE(st.has_value());
        EXPECT_FALSE(st->signalled);
        EXPECT_EQ(st->code, 0) << stderr_text();
    }

    void TearDown() override {
        if (second_) second_->stop();
        collector_fixture::TearDown();
    }

    std::unique_ptr<fake_salesforce> second_;
};

}  // namespace

TEST_F(orgs, one_org_with_bad_credentials_never_stops_the_other) {
    start_first_fake(6, 5);
    start_second_fake(4, 5);
    // beta signs with a key whose certificate was never uploaded: "invalid assertion".
    const auto stranger = make_rsa_identity("not uploaded");
    write_file(dir_ / "stranger.pem", stranger.key_pkcs1_pem);
    auto child = start("run", write_two_org_config("stranger.pem"));
    const std::string alpha = fake_->org_id();
    ASSERT_TRUE(wait_until([&] { return lines_of(alpha) >= 30; }, 60s)) << stderr_text();
    ASSERT_TRUE(wait_until(
        [&] {
            return stderr_text().find("org beta: login to Salesforce failed") != std::string::npos;
        },
        30s));
    // New data in the healthy org keeps flowing while the other keeps failing.
    const auto original = fake_->log_files().front();
    fake_->add_late_log_file(original.id, std::chrono::system_clock::now(), 3);
    EXPECT_TRUE(wait_until([&] { return lines_of(alpha) >= 33; }, 30s)) << stderr_text();
    stop_and_expect_clean_exit(*child);
    EXPECT_EQ(lines_of(second_org_id), 0u);
    EXPECT_NE(stderr_text().find("invalid assertion"), std::string::npos);
}

TEST_F(orgs, an_outage_of_one_org_leaves_the_other_collecting) {
    start_first_fake(4, 5);
    start_second_fake(4, 5);
    auto child = start("run", write_two_org_config("server.pem"));
    const std::string alpha = fake_->org_id();
    ASSERT_TRUE(
        wait_until([&] { return lines_of(alpha) >= 20 && lines_of(second_org_id) >= 20; }, 60s))
        << stderr_text();
    second_->stop();  // beta's Salesforce goes away
    const auto original = fake_->log_files().front();
    fake_->add_late_log_file(original.id, std::chrono::system_clock::now(), 4);
    EXPECT_TRUE(wait_until([&] { return lines_of(alpha) >= 24; }, 30s)) << stderr_text();
    // beta's requests fail and are retried with backoff (a dead peer: each try times out).
    const std::string beta_retry = second_->base_url() + ": GET";
    EXPECT_TRUE(
        wait_until([&] { return stderr_text().find(beta_retry) != std::string::npos; }, 60s))
        << stderr_text();
    stop_and_expect_clean_exit(*child);
    EXPECT_EQ(lines_of(second_org_id), 20u);
}

TEST_F(orgs, once_reports_the_failing_org_in_its_exit_code_after_collecting_the_other) {
    start_first_fake(3, 4);
    start_second_fake(3, 4);
    const auto stranger = make_rsa_identity("not uploaded");
    write_file(dir_ / "stranger.pem", stranger.key_pkcs1_pem);
    const auto st = run("once", write_two_org_config("stranger.pem"));
    EXPECT_EQ(st.code, 1) << stderr_text();
    EXPECT_EQ(lines_of(fake_->org_id()), 12u);
    EXPECT_EQ(lines_of(second_org_id), 0u);
}

TEST_F(orgs, two_configs_for_the_same_org_are_refused_for_the_second) {
    start_first_fake(2, 3);
    std::ostringstream y;
    y << "orgs:\n"
      << org_yaml("first", *fake_, "ca.pem", "server.pem")
      << org_yaml("again", *fake_, "ca.pem", "server.pem") << "state_dir: state\n"
      << "sinks:\n  - type: file\n    path: " << sink_path_.string() << "\n";
    write_file(dir_ / "sfcollector.yaml", y.str());
    const auto st = run("once", dir_ / "sfcollector.yaml");
    EXPECT_EQ(st.code, 1);
    EXPECT_EQ(read_sink().size(), 6u) << "the first entry collects, once";
    EXPECT_NE(stderr_text().find("already collected under another name"), std::string::npos)
        << stderr_text();
}

// A long backfill against a small daily allocation: the collector stops at the configured share,
// checks /limits while paused, and resumes when the rolling usage falls.
TEST_F(orgs, the_api_share_holds_under_a_long_backfill) {
    auto o = fake_options();
    o.api_daily_limit = 400;
    start_fake(o);
    dataset_spec d;
    d.files = 150;
    d.rows_per_file = 2;
    fake_->generate_dataset(d);
    const auto config = write_config("", "server.pem", "");
    // The share and the check interval go into the salesforce section.
    std::string text;
    {
        std::ifstream in(config);
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    const std::string anchor = "  ca_file: ca.pem\n";
    text.replace(text.find(anchor),
                 anchor.size(),
                 anchor +
                     "  max_api_share: 0.25\n  limits_check_interval: 1s\n"
                     "  max_concurrent_requests: 2\n");
    write_file(config, text);
    auto child = start("run", config);
    ASSERT_TRUE(wait_until(
        [&] { return stderr_text().find("pausing requests") != std::string::npos; }, 90s))
        << stderr_text();
    const auto paused = fake_->stats();
    const auto limits_calls = [](const fake_stats& s) {
        int n = 0;
        for (const auto& [path, count] : s.requests_by_path) {
            if (path.find("/limits") != std::string::npos) n += count;
        }
        return n;
    };
    // 25% of 400 = 100 requests; at most the requests in flight (2) go past it.
    EXPECT_LE(paused.api_usage - limits_calls(paused), 102) << stderr_text();
    EXPECT_LT(read_sink().size(), 300u) << "the backfill must not have finished past the share";
    // While paused, only /limits is asked (wait for two checks, a second apart).
    ASSERT_TRUE(fake_->wait_for([&](const fake_stats& s) { return limits_calls(s) >= 2; }, 30s));
    const auto later = fake_->stats();
    EXPECT_EQ(later.api_usage - limits_calls(later), paused.api_usage - limits_calls(paused));
    // The rolling window moves on: usage falls, collection resumes and finishes.
    fake_->set_api_usage(0);
    EXPECT_TRUE(wait_until([&] { return read_sink().size() >= 300; }, 90s)) << stderr_text();
    stop_and_expect_clean_exit(*child);
    EXPECT_EQ(expect_every_row_delivered(), 0u);
    EXPECT_NE(stderr_text().find("resuming"), std::string::npos);
}
