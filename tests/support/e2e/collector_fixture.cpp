#include "e2e/collector_fixture.hpp"

#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace sfc::test {

namespace {

std::filesystem::path binary_path() {
    const char* p = std::getenv("SFC_BINARY");
    if (!p || !*p) throw std::runtime_error("SFC_BINARY is not set (run the tests with ctest)");
    return p;
}

}  // namespace

void collector_fixture::SetUp() {
    dir_ = make_temp_dir("sfc-e2e");
    sink_path_ = dir_ / "out" / "events.jsonl";
    identity_ = make_rsa_identity("sfcollector e2e");
    // The set-up guide's files: server.key (PKCS#1), copied to server.pem; server.crt uploaded.
    write_file(dir_ / "server.pem", identity_.key_pkcs1_pem);
    write_file(dir_ / "server.crt", identity_.cert_pem);
}

void collector_fixture::TearDown() {
    if (fake_) fake_->stop();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
}

fake_salesforce_options collector_fixture::fake_options() {
    fake_salesforce_options o;
    connected_app app;
    app.client_id = client_id;
    app.certificate_pem = identity_.cert_pem;
    app.approved_usernames = {username};
    o.apps.push_back(app);
    o.allow_base_url_audience = true;
    return o;
}

void collector_fixture::start_fake(fake_salesforce_options options) {
    fake_ = std::make_unique<fake_salesforce>(std::move(options));
    fake_->start();
    write_file(dir_ / "ca.pem", fake_->ca_cert_pem());
}

std::filesystem::path collector_fixture::write_config(const std::string& extra,
                                                      const std::string& key_file,
                                                      const std::string& sinks) {
    std::ostringstream y;
    y << "salesforce:\n"
      << "  private_key: " << key_file << "\n"
      << "  username: " << username << "\n"
      << "  client_id: " << client_id << "\n"
      << "  instance_url: " << fake_->base_url() << "\n"
      << "  api_version: \"64.0\"\n"
      << "  login_url: " << fake_->base_url() << "\n"
      << "  ca_file: ca.pem\n"
      << "event_log_file:\n"
      << "  event_types: [Login, URI, API, Logout]\n"
      << "  interval: Hourly\n"
      << "collection:\n"
      << "  poll_interval: 1s\n"
      << "  initial_lookback: 7d\n"
      << "state_dir: state\n"
      << "log_level: debug\n"
      << "sinks:\n";
    if (sinks.empty()) {
        y << "  - type: file\n"
          << "    path: " << sink_path_.string() << "\n";
    } else {
        y << sinks;
    }
    y << extra;
    const auto path = dir_ / "sfcollector.yaml";
    write_file(path, y.str());
    return path;
}

std::unique_ptr<child_process> collector_fixture::start(const std::string& command,
                                                        const std::filesystem::path& config) {
    return std::make_unique<child_process>(
        binary_path(),
        std::vector<std::string>{command, "--config", config.string()},
        std::vector<std::string>{},
        dir_ / "stdout.log",
        dir_ / "stderr.log");
}

exit_status collector_fixture::run(const std::string& command,
                                   const std::filesystem::path& config,
                                   std::chrono::seconds timeout) {
    auto child = start(command, config);
    auto status = child->wait_for(timeout);
    if (!status) {
        ADD_FAILURE() << "sfcollector " << command << " did not finish within " << timeout.count()
                      << " s; stderr:\n"
                      << stderr_text();
        return exit_status{true, 9};
    }
    return *status;
}

std::vector<sink_line> collector_fixture::read_sink() const {
    std::vector<sink_line> out;
    std::ifstream in(sink_path_);
    simdjson::dom::parser parser;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        simdjson::dom::element doc;
        if (parser.parse(line).get(doc)) {
            ADD_FAILURE() << sink_path_ << ":" << n << ": not a JSON object: " << line;
            continue;
        }
        sink_line l;
        std::string_view s;
        if (!doc["REQUEST_ID"].get(s)) l.request_id = s;
        if (!doc["sfc"]["event_id"].get(s)) l.event_id = s;
        if (!doc["sfc"]["log_file_id"].get(s)) l.log_file_id = s;
        std::uint64_t row = 0;
        if (!doc["sfc"]["row"].get(row)) l.row = row;
        if (!doc["sfc"]["source"].get(s)) l.source = s;
        if (!doc["sfc"]["org_id"].get(s)) l.org_id = s;
        if (l.event_id.empty()) ADD_FAILURE() << sink_path_ << ":" << n << ": no sfc.event_id";
        out.push_back(std::move(l));
    }
    return out;
}

std::map<std::string, std::size_t> collector_fixture::sink_lines_by(
    std::string sink_line::*field) const {
    std::map<std::string, std::size_t> out;
    for (const auto& line : read_sink()) {
        const std::string& value = line.*field;
        if (value.empty()) ADD_FAILURE() << sink_path_ << ": an event without the field counted";
        ++out[value];
    }
    return out;
}

std::vector<std::string> collector_fixture::served_request_ids() const {
    std::vector<std::string> ids;
    for (const auto& f : fake_->log_files()) {
        auto r = fake_->request_ids(f.id);
        ids.insert(ids.end(), r.begin(), r.end());
    }
    return ids;
}

std::size_t collector_fixture::expect_every_row_delivered() const {
    const auto lines = read_sink();
    std::set<std::string> seen;
    std::map<std::string, std::string> event_of_request;
    for (const auto& l : lines) {
        seen.insert(l.request_id);
        // A repeated row must carry the same event id, so a SIEM can drop it.
        auto [it, fresh] = event_of_request.emplace(l.request_id, l.event_id);
        if (!fresh) {
            EXPECT_EQ(it->second, l.event_id) << "row " << l.request_id;
        }
    }
    const auto served = served_request_ids();
    std::size_t missing = 0;
    for (const auto& id : served) {
        if (!seen.count(id)) ++missing;
    }
    EXPECT_EQ(missing, 0u) << "of " << served.size() << " rows served; stderr:\n" << stderr_text();
    EXPECT_EQ(seen.size(), served.size());
    return lines.size() - seen.size();
}

bool collector_fixture::wait_until(const std::function<bool()>& done,
                                   std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a condition
    }
    return true;
}

std::string collector_fixture::stderr_text() const {
    std::ifstream in(dir_ / "stderr.log");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace sfc::test
