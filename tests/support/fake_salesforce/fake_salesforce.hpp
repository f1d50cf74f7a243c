#pragma once
// An in-process fake of the parts of Salesforce the collector talks to: the OAuth token endpoint
// (JWT bearer, client credentials), the REST query API over EventLogFile (and generic records),
// LogFile CSV downloads (chunked, optionally gzip) and /limits, over real TLS on loopback. Every
// answer carries a Date header from the fake's clock.
// It follows /work/shared/docs/salesforce-api.md; faults and counters are driven by tests.
//
// Threading: the server runs its own io_context on its own thread. Every public member may be
// called from any thread while it runs. Beast and SSL stay behind the pimpl.

#include <sfc/clock.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace sfc::test {

using sf_time = std::chrono::system_clock::time_point;

/// A connected app and what its users have consented to.
struct connected_app {
    std::string client_id;             ///< consumer key: the JWT's iss
    std::string certificate_pem;       ///< the operator's server.crt (or a PUBLIC KEY PEM)
    std::string name = "sfcollector";  ///< shown in /limits and per-app-api-usage
    std::vector<std::string> approved_usernames;
    /// Users of an "admin approved users are pre-authorized" app without the profile/permset:
    /// invalid_app_access / "user is not admin approved to access this app".
    std::vector<std::string> not_admin_approved_usernames;
    /// Users who never approved the app (any username not listed anywhere behaves the same):
    /// invalid_grant / "user hasn't approved this consumer".
    std::vector<std::string> unapproved_usernames;
    /// Client credentials flow: empty secret disables it for this app.
    std::string client_secret;
    std::string run_as_username;  ///< the flow's integration user; empty: "no client credentials
                                  ///< user enabled"
};

struct fake_salesforce_options {
    std::string org_id = "00D5j00000DgAYGEA3";  ///< 18 chars; its first 15 prefix tokens and CSVs
    std::vector<connected_app> apps;
    std::vector<std::string> allowed_audiences = {"https://login.salesforce.com",
                                                  "https://test.salesforce.com"};
    bool allow_base_url_audience = false;  ///< also accept aud = base_url()
    std::chrono::seconds exp_skew{180};    ///< exp may lie this far in the past
    std::int64_t api_daily_limit = 15000;  ///< Sforce-Limit-Info's M; over it: 403
    int default_batch_size = 2000;         ///< Sforce-Query-Options batchSize is clamped [200,2000]
    bool gzip_log_files = false;           ///< gzip LogFile bodies when the request accepts gzip
    std::string log_file_content_type = "application/octetstream";
    /// Whether this host acts as a My Domain host (client credentials are refused elsewhere).
    bool my_domain = true;
    /// exp checks, date literals and generate_dataset's default "now"; nullptr: the real clock.
    /// It is read on the server thread: sfc::manual_clock is not thread-safe, so only move it
    /// while no request is in flight.
    const sfc::clock* clock = nullptr;
    std::uint16_t port = 0;  ///< 0: any free port on 127.0.0.1
    /// Server certificate chain and key; empty: a fresh make_tls_pki() (about a second of RSA
    /// key generation, so suites may make one PKI and pass it to every fake).
    std::string tls_cert_pem;
    std::string tls_key_pem;
    std::string tls_ca_pem;  ///< what ca_cert_pem() returns with tls_cert_pem (default: the cert)
    /// GET /services/data/ lists v31.0 (Summer '14) up to this (§3.1); every /services/data/vNN.N/
    /// resource of a version not listed answers 404 NOT_FOUND (§6.1).
    int newest_api_version = 66;
};

/// A CSV given cell by cell (edge cases: embedded newlines, quotes, commas, header only...).
struct csv_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
};

/// One EventLogFile. Leave id empty to get next_log_file_id().
struct log_file_spec {
    std::string id;
    std::string event_type = "Login";
    std::string interval = "Hourly";  ///< "Hourly" or "Daily"
    int sequence = 1;                 ///< Daily files use 0
    sf_time log_date;                 ///< start of the hour (or day) covered
    sf_time created_date;
    /// Explicit content. Without it, `rows` deterministic rows for event_type are generated on
    /// the fly (realistic columns for Login, URI, API and Logout; a generic set otherwise).
    std::optional<csv_table> csv;
    /// Served byte for byte instead (malformed CSV, odd line ends); wins over `csv`.
    std::optional<std::string> raw_body;
    std::size_t rows = 10;
    /// Schema drift for generated rows: columns appended to the type's set, each cell
    /// "<COLUMN>:<row index>".
    std::vector<std::string> extra_columns;
    /// LogFileLength as listed, instead of the content's real length (a lying or stale field).
    std::optional<std::uint64_t> reported_length;
};

/// The EventType picklist values of §4.7 (the API names from the describe fixture). Types other
/// than Login, URI, API and Logout get a generic column set.
const std::vector<std::string>& elf_event_types();

/// What the fake holds for a log file (LogFileLength = length, the uncompressed CSV bytes, or
/// the spec's reported_length).
struct log_file_info {
    std::string id;
    std::string event_type;
    std::string interval;
    int sequence = 0;
    sf_time log_date;
    sf_time created_date;
    std::uint64_t length = 0;
    std::size_t rows = 0;
};

/// generate_dataset(): `files` hourly files spread round-robin over event_types, one per type and
/// hour, ids increasing with time. CreatedDate = LogDate + 1h + creation_delay; the newest hour is
/// the latest one whose CreatedDate is not after now. Files of one hour share a CreatedDate, so
/// the Id tie-break of a cursor query matters.
struct dataset_spec {
    std::size_t files = 8;
    std::size_t rows_per_file = 100;
    std::vector<std::string> event_types = {"Login", "URI", "API", "Logout"};
    sf_time now;  ///< default (epoch): the fake's clock
    std::chrono::seconds creation_delay{std::chrono::minutes(30)};
};

/// A generic record for other sObject types (LoginHistory, SetupAuditTrail, ...).
using field_value = std::variant<std::monostate, std::string, double, std::int64_t, bool, sf_time>;
struct sobject_record {
    std::vector<std::pair<std::string, field_value>> fields;  ///< should include "Id"
};

/// Endpoint families, for faults.
enum class endpoint { any, token, versions, limits, query, log_file };

enum class fault_kind {
    server_unavailable,          ///< 503 SERVER_UNAVAILABLE "Server Unavailable" (JSON)
    internal_error_html,         ///< 500 with an HTML body
    bad_gateway_html,            ///< 502 with an HTML body
    session_not_valid_for_rest,  ///< 401 "This session is not valid for use with the REST API"
    concurrent_limit,            ///< 403 ConcurrentRequests REQUEST_LIMIT_EXCEEDED
    drop_connection,             ///< close the TCP connection without answering
    /// 503 SERVER_UNAVAILABLE with `Retry-After: 2` (seconds): the client must wait that long.
    server_unavailable_retry_after,
    /// 200 with Salesforce's JSON content type and a body cut off mid-object, as a proxy or a
    /// broken connection can leave it.
    truncated_json,
    /// 400 QUERY_TIMEOUT "Your query request was running for too long.": how a real org
    /// answers a query that ran too long.
    query_timeout,
    /// No answer at all: the request is held, the connection open, for an hour (in effect until
    /// the client goes or the fake stops). A stalled login or query.
    stall,
};

/// One request as the fake saw it.
struct request_entry {
    std::string method;
    std::string target;  ///< path and raw query string
    int status = 0;
    std::string accept_encoding;
    std::string query_options;  ///< Sforce-Query-Options
    std::string user_agent;
    std::chrono::steady_clock::time_point at;  ///< when the fake answered it
};

/// Counters; read a copy with stats() or wait on a predicate with wait_for().
struct fake_stats {
    int requests = 0;
    int token_ok = 0;
    int token_failed = 0;
    int queries = 0;       ///< query?q= (and queryAll) answered 200
    int query_more = 0;    ///< nextRecordsUrl pages answered 200
    int query_errors = 0;  ///< MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, INVALID_QUERY_LOCATOR
    int unauthorized = 0;  ///< 401 answers on /services/data
    int faults_injected = 0;
    int log_file_started = 0;                     ///< 200 headers sent
    int log_file_completed = 0;                   ///< last chunk sent
    int log_file_aborted = 0;                     ///< reset fault or the client went away
    std::uint64_t log_file_bytes = 0;             ///< body bytes written (after compression)
    std::int64_t api_usage = 0;                   ///< Sforce-Limit-Info's N
    std::map<std::string, int> requests_by_path;  ///< path without the query string
    std::vector<std::string> soql;                ///< every q= received, decoded, in order
};

class fake_salesforce {
public:
    explicit fake_salesforce(fake_salesforce_options options = {});
    ~fake_salesforce();  ///< stops
    fake_salesforce(const fake_salesforce&) = delete;
    fake_salesforce& operator=(const fake_salesforce&) = delete;

    /// Binds 127.0.0.1 and starts serving on a thread of its own. Throws on bind/TLS errors.
    void start();
    /// Closes the listener and every connection, and joins the thread. Idempotent.
    void stop();
    /// stop() and start() on the same port, keeping every file, token and counter: requests in
    /// flight break off, and clients must connect (and handshake) again.
    void restart();

    std::string base_url() const;  ///< "https://127.0.0.1:<port>" (after start())
    std::uint16_t port() const;
    std::string ca_cert_pem() const;  ///< trust anchor for the TLS certificate
    std::string org_id() const;

    // --- data -----------------------------------------------------------------------------
    /// A fresh, valid-looking, increasing EventLogFile Id ("0AT" + 15 chars, 18 in all).
    std::string next_log_file_id();
    /// Adds (or replaces, same Id) a log file. Generated files cost no memory: rows are made
    /// on the fly from (file, row index), but LogFileLength is computed here, by generating once.
    log_file_info add_log_file(log_file_spec spec);
    /// A late hourly file: same EventType/Interval/LogDate (and extra columns) as `original_id`,
    /// Sequence = highest sequence for that type/date + 1, the given CreatedDate, `rows` new
    /// generated rows. With `repeated_rows`, it starts with that many rows of the original
    /// (§8.7 duplicate rows across sequences); the original must then have the same header.
    log_file_info add_late_log_file(std::string_view original_id,
                                    sf_time created_date,
                                    std::size_t rows = 10,
                                    std::size_t repeated_rows = 0);
    /// A regenerated file: a new Id and the given CreatedDate; the same EventType, Interval,
    /// LogDate, Sequence and exactly the same rows as `original_id`.
    log_file_info add_regenerated_log_file(std::string_view original_id, sf_time created_date);
    std::vector<log_file_info> generate_dataset(const dataset_spec& spec);
    void remove_log_file(std::string_view id);
    std::vector<log_file_info> log_files() const;  ///< ordered by Id
    /// Each data row's REQUEST_ID, in order (empty for an explicit CSV without that column).
    std::vector<std::string> request_ids(std::string_view file_id) const;
    /// The whole uncompressed CSV as served (for small files in tests).
    std::string csv_text(std::string_view file_id) const;
    /// Records of another sObject type, queryable with SOQL like EventLogFile.
    void add_record(std::string_view object_type, sobject_record record);

    // --- auth -----------------------------------------------------------------------------
    /// A valid access token without the OAuth dance (for tests of other endpoints).
    std::string issue_token(std::string_view username = "collector@example.com");
    /// Every token issued so far answers 401 INVALID_SESSION_ID from now on.
    void expire_all_tokens();
    /// Every token issued so far expires right after the `pages`-th nextRecordsUrl page from
    /// now is served: the request after it (the next page: mid-pagination) answers 401.
    void expire_tokens_after_query_pages(int pages);

    // --- faults (each applies to requests arriving after the call) ----------------------
    /// The next `count` requests to `where` get `kind` instead of being served. Queued faults
    /// apply in order of their calls.
    void fail_next(endpoint where, fault_kind kind, int count = 1);
    /// The next `times` LogFile downloads send `bytes` bytes of the (uncompressed) CSV and then
    /// cut the connection: a TCP FIN without a TLS close_notify or the last chunk, so the client
    /// reads exactly those bytes and then an unexpected end of stream.
    void reset_log_file_after_bytes(std::uint64_t bytes, int times = 1);
    /// The next `count` downloads of the log file `id` get `kind` instead of the file, whatever
    /// other downloads come between (count 0 takes back what is left). Counted in
    /// faults_injected.
    void fail_log_file(std::string_view id, fault_kind kind, int count = 1);
    /// Called on the server thread, without the fake's lock, each time a LogFile body has
    /// produced another piece: the file's Id and its uncompressed bytes so far in this download.
    /// An empty function removes the hook.
    void on_log_file_bytes(std::function<void(const std::string& id, std::uint64_t bytes)> hook);
    /// The next `times` LogFile downloads send `bytes` bytes of the (uncompressed) CSV at once,
    /// then the rest one byte every `every`: a trickling server (a long `every` is a stall).
    void trickle_log_file_after_bytes(std::uint64_t bytes,
                                      std::chrono::milliseconds every,
                                      int times = 1);
    /// Forgets every open query locator now: the next nextRecordsUrl page of any query so far
    /// answers 400 INVALID_QUERY_LOCATOR.
    void expire_query_locators();
    /// The next `count` nextRecordsUrl pages, whenever they are asked for, answer 400
    /// INVALID_QUERY_LOCATOR and their locators are forgotten (a locator that expired between
    /// pages). Each counts in faults_injected and query_errors.
    void expire_next_query_locators(int count = 1);
    void set_api_limit(std::int64_t max);   ///< daily budget M
    void set_api_usage(std::int64_t used);  ///< N so far
    /// Every response waits this long before being written (0: none).
    void set_response_delay(std::chrono::milliseconds delay);

    // --- observation ----------------------------------------------------------------------
    fake_stats stats() const;
    std::vector<request_entry> requests() const;  ///< the last 10000 requests
    /// Waits until pred(stats) holds (checked on every request and download end); false on
    /// timeout.
    bool wait_for(const std::function<bool(const fake_stats&)>& pred,
                  std::chrono::milliseconds timeout) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::test
