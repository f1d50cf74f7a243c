#include "fake_salesforce/fake_salesforce.hpp"

#include "fake_salesforce/csv_generator.hpp"
#include "fake_salesforce/https_server.hpp"
#include "fake_salesforce/router.hpp"
#include "fake_salesforce/sf_ids.hpp"
#include "fake_salesforce/state.hpp"
#include "fake_salesforce/token_endpoint.hpp"
#include "pki/test_pki.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace sfc::test {
namespace {

using fake_sf::fake_state;

// LogFileFieldNames / LogFileFieldTypes from the header cells.
std::string join(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& cell : cells) {
        if (!out.empty()) out += ',';
        out += cell;
    }
    return out;
}

std::string field_type_of(std::string_view column) {
    if (column == "TIMESTAMP_DERIVED") return "DateTime";
    if (column == "CLIENT_IP" || column == "SOURCE_IP") return "IP";
    if (column.ends_with("_ID") || column.ends_with("_ID_DERIVED")) return "Id";
    if (column.ends_with("_TIME") || column.ends_with("_SIZE") || column == "DB_BLOCKS" ||
        column == "ROWS_PROCESSED") {
        return "Number";
    }
    return "String";
}

std::vector<std::string> header_cells(const fake_sf::csv_content& content) {
    std::string line;
    content.append_header(line);
    std::vector<std::string> cells;
    std::string cell;
    for (const char c : line) {
        if (c == ',' || c == '\n') {
            cells.push_back(std::move(cell));
            cell.clear();
        } else if (c != '"') {
            cell += c;
        }
    }
    return cells;
}

}  // namespace

struct fake_salesforce::impl {
    std::shared_ptr<fake_state> state;
    std::string ca_pem;
    std::unique_ptr<fake_sf::https_server> server;

    /// Caller holds state->mu.
    const fake_sf::log_file_entry& entry_of(std::string_view id) const {
        const auto it = state->files.find(std::string(id));
        if (it == state->files.end()) {
            throw std::out_of_range(fmt::format("fake_salesforce: no log file {}", id));
        }
        return it->second;
    }

    std::shared_ptr<const fake_sf::csv_content> content_of(std::string_view id) const {
        std::lock_guard lock(state->mu);
        return entry_of(id).content;
    }

    /// The content and metadata of a spec whose id is set; measuring it happens here, outside
    /// the lock (generating once to measure costs time, not memory).
    fake_sf::log_file_entry make_entry(log_file_spec spec) const {
        fake_sf::log_file_entry entry;
        std::vector<std::string> header;
        if (spec.raw_body) {
            entry.content = fake_sf::make_raw_csv(std::move(*spec.raw_body));
        } else if (spec.csv) {
            header = spec.csv->header;
            entry.content = fake_sf::make_table_csv(std::move(*spec.csv));
        } else {
            const bool daily = spec.interval == "Daily";
            entry.content =
                fake_sf::make_generated_csv({spec.event_type,
                                             state->org_id15(),
                                             spec.id,
                                             spec.log_date,
                                             daily ? std::chrono::hours(24) : std::chrono::hours(1),
                                             spec.rows,
                                             spec.extra_columns});
            header = header_cells(*entry.content);
            entry.extra_columns = spec.extra_columns;
        }
        std::vector<std::string> types;
        for (const auto& column : header) types.push_back(field_type_of(column));
        entry.field_names = join(header);
        entry.field_types = join(types);
        entry.info = {spec.id,
                      spec.event_type,
                      spec.interval,
                      spec.sequence,
                      spec.log_date,
                      spec.created_date,
                      spec.reported_length.value_or(entry.content->byte_length()),
                      entry.content->row_count()};
        return entry;
    }

    /// Adds (or replaces, same Id) a log file.
    log_file_info insert(fake_sf::log_file_entry entry) {
        const log_file_info info = entry.info;
        std::lock_guard lock(state->mu);
        state->files[info.id] = std::move(entry);
        state->changed.notify_all();
        return info;
    }
};

fake_salesforce::fake_salesforce(fake_salesforce_options options)
    : impl_(std::make_unique<impl>()) {
    std::string cert = options.tls_cert_pem;
    std::string key = options.tls_key_pem;
    if (cert.empty() || key.empty()) {
        tls_pki pki = make_tls_pki();
        cert = pki.server_cert_pem;
        key = pki.server_key_pem;
        impl_->ca_pem = pki.ca_cert_pem;
    } else {
        // A self-signed certificate is its own trust anchor.
        impl_->ca_pem = options.tls_ca_pem.empty() ? cert : options.tls_ca_pem;
    }
    if (options.org_id.size() != 18) {
        throw std::invalid_argument("fake_salesforce: org_id must have 18 characters");
    }
    impl_->state = std::make_shared<fake_state>(std::move(options));
    impl_->state->api_limit = impl_->state->options.api_daily_limit;
    auto router = std::make_shared<fake_sf::router>(impl_->state);
    impl_->server = std::make_unique<fake_sf::https_server>(
        [router](const fake_sf::http_request& request) { return router->handle(request); },
        std::move(cert),
        std::move(key));
}

fake_salesforce::~fake_salesforce() {
    stop();
}

void fake_salesforce::start() {
    impl_->server->start(impl_->state->options.port);
    std::lock_guard lock(impl_->state->mu);
    impl_->state->base_url = fmt::format("https://127.0.0.1:{}", impl_->server->port());
}

void fake_salesforce::stop() {
    impl_->server->stop();
}

void fake_salesforce::restart() {
    const std::uint16_t port = impl_->server->port();
    impl_->server->stop();
    impl_->server->start(port);
}

std::string fake_salesforce::base_url() const {
    std::lock_guard lock(impl_->state->mu);
    return impl_->state->base_url;
}

std::uint16_t fake_salesforce::port() const {
    return impl_->server->port();
}
std::string fake_salesforce::ca_cert_pem() const {
    return impl_->ca_pem;
}
std::string fake_salesforce::org_id() const {
    return impl_->state->options.org_id;
}

std::string fake_salesforce::next_log_file_id() {
    std::lock_guard lock(impl_->state->mu);
    return fake_sf::sequential_id("0AT", impl_->state->next_file_number++);
}

log_file_info fake_salesforce::add_log_file(log_file_spec spec) {
    if (spec.id.empty()) spec.id = next_log_file_id();
    return impl_->insert(impl_->make_entry(std::move(spec)));
}

log_file_info fake_salesforce::add_late_log_file(std::string_view original_id,
                                                 sf_time created_date,
                                                 std::size_t rows,
                                                 std::size_t repeated_rows) {
    log_file_spec spec;
    std::shared_ptr<const fake_sf::csv_content> original_content;
    {
        std::lock_guard lock(impl_->state->mu);
        const fake_sf::log_file_entry& original = impl_->entry_of(original_id);
        int sequence = original.info.sequence;
        for (const auto& [id, entry] : impl_->state->files) {
            const log_file_info& f = entry.info;
            if (f.event_type == original.info.event_type && f.interval == original.info.interval &&
                f.log_date == original.info.log_date) {
                sequence = std::max(sequence, f.sequence);
            }
        }
        spec.event_type = original.info.event_type;
        spec.interval = original.info.interval;
        spec.log_date = original.info.log_date;
        spec.sequence = sequence + 1;
        spec.extra_columns = original.extra_columns;
        original_content = original.content;
    }
    spec.id = next_log_file_id();
    spec.created_date = created_date;
    spec.rows = rows;
    fake_sf::log_file_entry entry = impl_->make_entry(std::move(spec));
    if (repeated_rows > 0) {
        entry.content = fake_sf::make_concat_csv(original_content, repeated_rows, entry.content);
        entry.info.length = entry.content->byte_length();
        entry.info.rows = entry.content->row_count();
    }
    return impl_->insert(std::move(entry));
}

log_file_info fake_salesforce::add_regenerated_log_file(std::string_view original_id,
                                                        sf_time created_date) {
    fake_sf::log_file_entry entry;
    {
        std::lock_guard lock(impl_->state->mu);
        entry = impl_->entry_of(original_id);
    }
    // The content is immutable and shared: the very same rows, whatever made them.
    entry.info.id = next_log_file_id();
    entry.info.created_date = created_date;
    return impl_->insert(std::move(entry));
}

std::vector<log_file_info> fake_salesforce::generate_dataset(const dataset_spec& spec) {
    using namespace std::chrono;
    const std::size_t types = std::max<std::size_t>(spec.event_types.size(), 1);
    const std::size_t hours = (spec.files + types - 1) / types;
    const sf_time now = spec.now == sf_time{} ? impl_->state->now() : spec.now;
    // The newest hour must be closed and its files created (LogDate + 1h + delay) by now.
    const sf_time newest =
        floor<std::chrono::hours>(now - spec.creation_delay - std::chrono::hours(1));
    std::vector<log_file_info> out;
    for (std::size_t k = 0; k < spec.files; ++k) {
        log_file_spec file;
        file.event_type = spec.event_types.empty() ? "Login" : spec.event_types[k % types];
        file.log_date = newest - std::chrono::hours(hours - 1 - k / types);
        file.created_date = file.log_date + std::chrono::hours(1) + spec.creation_delay;
        file.rows = spec.rows_per_file;
        out.push_back(add_log_file(std::move(file)));
    }
    return out;
}

void fake_salesforce::remove_log_file(std::string_view id) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->files.erase(std::string(id));
}

std::vector<log_file_info> fake_salesforce::log_files() const {
    std::lock_guard lock(impl_->state->mu);
    std::vector<log_file_info> out;
    for (const auto& [id, entry] : impl_->state->files) out.push_back(entry.info);
    return out;
}

std::vector<std::string> fake_salesforce::request_ids(std::string_view file_id) const {
    return impl_->content_of(file_id)->request_ids();
}

std::string fake_salesforce::csv_text(std::string_view file_id) const {
    fake_sf::csv_cursor cursor(impl_->content_of(file_id));
    std::string out;
    while (cursor.next(out, std::size_t(-1))) {
    }
    return out;
}

void fake_salesforce::add_record(std::string_view object_type, sobject_record record) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->records[std::string(object_type)].push_back(std::move(record));
}

std::string fake_salesforce::issue_token(std::string_view username) {
    std::lock_guard lock(impl_->state->mu);
    return fake_sf::mint_token(*impl_->state, username);
}

void fake_salesforce::expire_all_tokens() {
    std::lock_guard lock(impl_->state->mu);
    for (auto& [token, entry] : impl_->state->tokens) entry.valid = false;
}

void fake_salesforce::expire_tokens_after_query_pages(int pages) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->pages_before_token_expiry = std::max(pages, 0);
}

void fake_salesforce::fail_next(endpoint where, fault_kind kind, int count) {
    if (count <= 0) return;
    std::lock_guard lock(impl_->state->mu);
    impl_->state->faults.push_back({where, kind, count});
}

void fake_salesforce::reset_log_file_after_bytes(std::uint64_t bytes, int times) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->reset_after_bytes = bytes;
    impl_->state->reset_times = times;
}

void fake_salesforce::fail_log_file(std::string_view id, fault_kind kind, int count) {
    std::lock_guard lock(impl_->state->mu);
    if (count <= 0) {
        impl_->state->file_faults.erase(std::string(id));
    } else {
        impl_->state->file_faults[std::string(id)] = {endpoint::log_file, kind, count};
    }
}

void fake_salesforce::on_log_file_bytes(
    std::function<void(const std::string& id, std::uint64_t bytes)> hook) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->log_file_hook = std::move(hook);
}

void fake_salesforce::trickle_log_file_after_bytes(std::uint64_t bytes,
                                                   std::chrono::milliseconds every,
                                                   int times) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->trickle_after_bytes = bytes;
    impl_->state->trickle_every = every;
    impl_->state->trickle_times = times;
}

void fake_salesforce::expire_query_locators() {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->cursors.clear();
}

void fake_salesforce::expire_next_query_locators(int count) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->locator_faults += std::max(count, 0);
}

void fake_salesforce::set_api_limit(std::int64_t max) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->api_limit = max;
}

void fake_salesforce::set_api_usage(std::int64_t used) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->stats.api_usage = used;
}

void fake_salesforce::set_response_delay(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->state->mu);
    impl_->state->delay = delay;
}

fake_stats fake_salesforce::stats() const {
    std::lock_guard lock(impl_->state->mu);
    return impl_->state->stats;
}

std::vector<request_entry> fake_salesforce::requests() const {
    std::lock_guard lock(impl_->state->mu);
    return {impl_->state->request_log.begin(), impl_->state->request_log.end()};
}

bool fake_salesforce::wait_for(const std::function<bool(const fake_stats&)>& pred,
                               std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->state->mu);
    return impl_->state->changed.wait_for(lock, timeout, [&] { return pred(impl_->state->stats); });
}

}  // namespace sfc::test
