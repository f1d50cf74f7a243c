#pragma once
// Everything the fake knows, shared by the endpoints (on the server thread) and the public API
// (on test threads). One mutex guards it all; the condition variable wakes wait_for().

#include "fake_salesforce/csv_content.hpp"
#include "fake_salesforce/fake_salesforce.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sfc::test::fake_sf {

struct log_file_entry {
    log_file_info info;
    std::shared_ptr<const csv_content> content;
    std::string field_names;                 ///< LogFileFieldNames: the CSV header, comma-separated
    std::string field_types;                 ///< LogFileFieldTypes
    std::vector<std::string> extra_columns;  ///< of generated content, for late files
};

struct token_entry {
    std::string username;
    bool valid = true;
};

/// A query's snapshot for nextRecordsUrl.
struct query_cursor {
    std::vector<std::string> records;  ///< rendered JSON
    std::size_t batch_size = 2000;
};

struct pending_fault {
    endpoint where;
    fault_kind kind;
    int remaining;
};

struct fake_state {
    explicit fake_state(fake_salesforce_options opts) : options(std::move(opts)) {}

    /// The fake's clock ("now" for exp checks and datasets).
    sf_time now() const;
    /// Counts a finished exchange and wakes waiters. Caller holds mu.
    void record(request_entry entry);
    /// Before a nextRecordsUrl page is looked up: forgets its locator if
    /// expire_next_query_locators() asked for it. Caller holds mu.
    void expire_locator_if_due(const std::string& locator);
    /// Counts a nextRecordsUrl page served; expires every token after the page
    /// expire_tokens_after_query_pages() named. Caller holds mu.
    void page_served();

    mutable std::mutex mu;
    mutable std::condition_variable changed;

    fake_salesforce_options options;  ///< fixed once started
    std::string base_url;
    std::string org_id15() const { return options.org_id.substr(0, 15); }

    std::map<std::string, log_file_entry> files;                 ///< by Id
    std::map<std::string, std::vector<sobject_record>> records;  ///< other objects, by type
    std::unordered_map<std::string, token_entry> tokens;
    std::map<std::string, query_cursor> cursors;  ///< by locator
    std::uint64_t next_locator = 1;
    std::uint64_t next_file_number = 1;

    std::deque<pending_fault> faults;
    std::map<std::string, pending_fault> file_faults;  ///< by log file Id
    std::function<void(const std::string&, std::uint64_t)> log_file_hook;
    int locator_faults = 0;  ///< nextRecordsUrl pages still to answer INVALID_QUERY_LOCATOR
    int pages_before_token_expiry = 0;  ///< 0: none planned
    std::uint64_t reset_after_bytes = 0;
    int reset_times = 0;
    std::uint64_t trickle_after_bytes = 0;
    std::chrono::milliseconds trickle_every{0};
    int trickle_times = 0;
    std::chrono::milliseconds delay{0};
    std::int64_t api_limit = 15000;

    fake_stats stats;
    std::deque<request_entry> request_log;
};

}  // namespace sfc::test::fake_sf
