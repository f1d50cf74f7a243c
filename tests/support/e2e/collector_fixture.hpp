#pragma once
// End-to-end harness: an operator's key and certificate, the fake Salesforce trusting that
// certificate, a YAML config pointing at it, and the sfcollector binary run as a process.

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_salesforce/fake_salesforce.hpp"
#include "pki/test_pki.hpp"
#include "process/child_process.hpp"

namespace sfc::test {

/// One line of the collector's JSON-lines output.
struct sink_line {
    std::string request_id;  ///< the CSV's REQUEST_ID column
    std::string event_id;    ///< sfc.event_id
    std::string log_file_id;
    std::uint64_t row = 0;
    std::string source;  ///< sfc.source: "EventLogFile" or the object's name
    std::string org_id;  ///< sfc.org_id
};

class collector_fixture : public ::testing::Test {
protected:
    static constexpr const char* client_id = "3MVG9e2e.test.consumer.key";
    static constexpr const char* username = "integration@e2e.example.com";

    void SetUp() override;
    void TearDown() override;

    /// Options for the fake before start(); tests may change them in their own SetUp.
    fake_salesforce_options fake_options();
    void start_fake(fake_salesforce_options options);

    /// Writes the config; `extra` is appended verbatim (YAML); `sinks` replaces the default
    /// file sink (a YAML list, without the "sinks:" key).
    std::filesystem::path write_config(const std::string& extra = "",
                                       const std::string& key_file = "server.pem",
                                       const std::string& sinks = "");
    /// Checks `done` every few milliseconds until it holds or `timeout` passes.
    static bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds timeout);

    std::unique_ptr<child_process> start(const std::string& command,
                                         const std::filesystem::path& config);
    /// Runs a command to its end (at most `timeout`) and returns its exit status.
    exit_status run(const std::string& command,
                    const std::filesystem::path& config,
                    std::chrono::seconds timeout = std::chrono::seconds(120));

    /// Every line of the sink file; fails the test on a line that is not a whole JSON event.
    std::vector<sink_line> read_sink() const;
    /// Sink lines per value of one field (e.g. &sink_line::source); fails the test on a line
    /// without it.
    std::map<std::string, std::size_t> sink_lines_by(std::string sink_line::*field) const;
    /// REQUEST_IDs of every row of every log file the fake holds.
    std::vector<std::string> served_request_ids() const;
    /// Asserts every served row is in the sink; returns how many sink lines were repeats.
    std::size_t expect_every_row_delivered() const;

    std::string stderr_text() const;

    std::filesystem::path dir_;
    std::filesystem::path sink_path_;
    rsa_identity identity_;
    std::unique_ptr<fake_salesforce> fake_;
};

}  // namespace sfc::test
