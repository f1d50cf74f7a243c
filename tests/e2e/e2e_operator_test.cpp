// The daemon as an operator watches and steers it: /metrics equal to what the sink holds,
// /readyz following a sink's outage, and SIGHUP reloads (a new sink, a broken file).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <csignal>
#include <fstream>
#include <regex>

#include "e2e/collector_fixture.hpp"
#include "fake_siem/fake_elasticsearch.hpp"

using namespace std::chrono_literals;
using namespace sfc::test;

namespace {

struct http_answer {
    int status = 0;
    std::string body;
};

/// GET over plain HTTP/1.0 on loopback; status 0 when nothing answers.
http_answer http_get(std::uint16_t port, const std::string& path) {
    boost::asio::ip::tcp::iostream s("127.0.0.1", std::to_string(port));
    if (!s) return {};
    s << "GET " << path << " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" << std::flush;
    std::string version;
    http_answer out;
    s >> version >> out.status;
    std::string line;
    while (std::getline(s, line) && line != "\r") {
    }
    out.body.assign(std::istreambuf_iterator<char>(s), {});
    return out;
}

std::uint16_t free_port() {
    boost::asio::io_context ctx;
    boost::asio::ip::tcp::acceptor a(
        ctx, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

/// The value of one sample line, e.g. `sfcollector_events_delivered_total{sink="x"}`; -1 if none.
double sample(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

/// The sum of every sample of a metric.
double total(const std::string& text, const std::string& name) {
    double sum = 0;
    std::regex line("\n" + name + "(\\{[^}]*\\})? ([0-9.e+]+)");
    for (std::sregex_iterator it(text.begin(), text.end(), line), end; it != end; ++it) {
        sum += std::stod((*it)[2]);
    }
    return sum;
}

class operator_tools : public collector_fixture {
protected:
    void start_with_files(std::size_t files, std::size_t rows) {
        start_fake(fake_options());
        dataset_spec d;
        d.files = files;
        d.rows_per_file = rows;
        fake_->generate_dataset(d);
        port_ = free_port();
    }

    std::string metrics_yaml() const {
        return "metrics:\n  listen: 127.0.0.1:" + std::to_string(port_) + "\n";
    }

    void add_new_file(std::size_t rows) {
        log_file_spec spec;
        spec.event_type = "Login";
        spec.log_date = std::chrono::system_clock::now() - 1h;
        spec.created_date = std::chrono::system_clock::now() - 1min;
        spec.rows = rows;
        fake_->add_log_file(spec);
    }

    std::size_t lines_in(const std::filesystem::path& file) const {
        std::ifstream in(file);
        std::size_t n = 0;
        for (std::string line; std::getline(in, line);) ++n;
        return n;
    }

    std::uint16_t port_ = 0;
};

}  // namespace

TEST_F(operator_tools, metrics_count_exactly_what_the_sink_received) {
    start_with_files(4, 50);
    auto child = start("run", write_config(metrics_yaml()));
    ASSERT_TRUE(wait_until([this] { return read_sink().size() >= 200; }, 60s)) << stderr_text();
    const std::string series =
        "sfcollector_events_delivered_total{sink=\"file:" + sink_path_.string() + "\"}";
    std::string text;
    // The counter moves once the batch is synced, just after its lines reach the file.
    ASSERT_TRUE(wait_until(
        [&] {
            text = http_get(port_, "/metrics").body;
            return sample(text, series) >= 200;
        },
        30s))
        << text;
    EXPECT_EQ(sample(text, series), static_cast<double>(read_sink().size()));
    EXPECT_EQ(total(text, "sfcollector_events_read_total"), 200.0) << text;
    EXPECT_EQ(total(text, "sfcollector_events_dead_lettered_total"), 0.0);
    EXPECT_GT(sample(text,
                     "sfcollector_salesforce_requests_total{org=\"default\","
                     "status_class=\"2xx\"}"),
              0.0)
        << text;
    EXPECT_GT(sample(text, "sfcollector_downloaded_bytes_total{org=\"default\"}"), 0.0);
    EXPECT_EQ(sample(text, "sfcollector_build_info{version=\"0.1.0\"}"), 1.0);
    EXPECT_GE(sample(text,
                     "sfcollector_cursor_lag_seconds{org=\"default\","
                     "source=\"EventLogFile\"}"),
              0.0)
        << text;
    const auto health = http_get(port_, "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_TRUE(wait_until([&] { return http_get(port_, "/readyz").status == 200; }, 30s));
    EXPECT_EQ(http_get(port_, "/nothing").status, 404);
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0) << stderr_text();
    EXPECT_NE(stderr_text().find("this run: 200 event(s) read from 1 org(s)"), std::string::npos)
        << stderr_text();
}

TEST_F(operator_tools, readyz_is_503_while_a_sink_is_down_and_200_after) {
    start_with_files(2, 20);
    fake_elasticsearch es;
    es.set_down(true);
    const std::string sinks =
        "  - type: elasticsearch\n    url: " + es.base_url() + "\n    index: logs-salesforce-e2e\n";
    auto child = start("run",
                       write_config(metrics_yaml() + "pipeline:\n  retry_initial: 50ms\n"
                                                     "  retry_max: 200ms\n",
                                    "server.pem",
                                    sinks));
    http_answer ready;
    ASSERT_TRUE(wait_until(
        [&] {
            ready = http_get(port_, "/readyz");
            return ready.status == 503 && ready.body.find("not accepting") != std::string::npos;
        },
        30s))
        << ready.status << " " << ready.body << stderr_text();
    EXPECT_NE(ready.body.find("sink elasticsearch:"), std::string::npos) << ready.body;
    EXPECT_EQ(http_get(port_, "/healthz").status, 200);  // alive, only not ready
    es.set_down(false);
    EXPECT_TRUE(wait_until([&] { return http_get(port_, "/readyz").status == 200; }, 30s))
        << http_get(port_, "/readyz").body;
    child->send_signal(SIGTERM);
    ASSERT_TRUE(child->wait_for(60s));
}

TEST_F(operator_tools, reload_adds_a_sink_mid_run_and_loses_nothing) {
    start_with_files(3, 40);
    const auto config = write_config();
    auto child = start("run", config);
    ASSERT_TRUE(wait_until([this] { return read_sink().size() >= 120; }, 60s)) << stderr_text();
    const auto second = dir_ / "second.jsonl";
    write_config("",
                 "server.pem",
                 "  - type: file\n    path: " + sink_path_.string() +
                     "\n  - type: file\n    path: " + second.string() + "\n");
    child->send_signal(SIGHUP);
    ASSERT_TRUE(
        wait_until([this] { return stderr_text().find("reloaded:") != std::string::npos; }, 30s))
        << stderr_text();
    add_new_file(25);
    ASSERT_TRUE(wait_until([&] { return lines_in(second) >= 25; }, 60s)) << stderr_text();
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0) << stderr_text();
    expect_every_row_delivered();
    EXPECT_EQ(lines_in(second), 25u) << "the new sink gets what was collected after the reload";
}

TEST_F(operator_tools, an_invalid_config_on_reload_is_refused_and_collection_goes_on) {
    start_with_files(1, 10);
    const auto config = write_config();
    auto child = start("run", config);
    ASSERT_TRUE(wait_until([this] { return read_sink().size() >= 10; }, 60s)) << stderr_text();
    {
        std::ofstream out(config, std::ios::app);
        out << "collection:\n  poll_interval: sometimes\n";
    }
    child->send_signal(SIGHUP);
    ASSERT_TRUE(wait_until(
        [this] {
            return stderr_text().find(
                       "reload refused: still running on the previous "
                       "configuration") != std::string::npos;
        },
        30s))
        << stderr_text();
    EXPECT_NE(stderr_text().find("reload refused: " + config.string()), std::string::npos)
        << stderr_text();
    add_new_file(15);
    EXPECT_TRUE(wait_until([this] { return read_sink().size() >= 25; }, 60s)) << stderr_text();
    child->send_signal(SIGTERM);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st);
    EXPECT_EQ(st->code, 0);
}

TEST_F(operator_tools, a_sink_worker_that_dies_stops_the_daemon_with_exit_1) {
    start_with_files(2, 20);
    fake_elasticsearch es;
    es.reject_documents_with(fake_->request_ids(fake_->log_files().front().id).at(3));
    const std::string sinks =
        "  - type: elasticsearch\n    url: " + es.base_url() + "\n    index: logs-salesforce-e2e\n";
    // The refused event cannot be kept: its dead-letter file's "folder" is a regular file.
    write_file(dir_ / "not-a-folder", "");
    const auto config = write_config(
        "pipeline:\n  dead_letter_path: " + (dir_ / "not-a-folder" / "dead.jsonl").string() + "\n",
        "server.pem",
        sinks);
    auto child = start("run", config);
    const auto st = child->wait_for(60s);
    ASSERT_TRUE(st) << "the daemon went on polling with a dead sink worker:\n" << stderr_text();
    EXPECT_EQ(st->code, 1) << stderr_text();
    EXPECT_NE(stderr_text().find("stopping collection"), std::string::npos) << stderr_text();
}

TEST_F(operator_tools, a_metrics_port_in_use_fails_the_start_naming_the_setting) {
    start_with_files(1, 5);
    boost::asio::io_context ctx;
    boost::asio::ip::tcp::acceptor taken(
        ctx, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
    const auto st = run("run", write_config(metrics_yaml()), 60s);
    EXPECT_EQ(st.code, 1) << stderr_text();
    EXPECT_NE(
        stderr_text().find("metrics.listen 127.0.0.1:" + std::to_string(port_) + ": cannot listen"),
        std::string::npos)
        << stderr_text();
    EXPECT_TRUE(read_sink().empty()) << "nothing is collected without the listener asked for";
}
