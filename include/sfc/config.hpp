#pragma once
// The collector's configuration as plain data, parsed once at start-up (src/config/).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sfc::config {

enum class log_level { trace, debug, info, warn, error };
enum class log_format { text, json };

/// Our own log. Without a file it goes to stderr (journald under systemd).
struct logging_config {
    log_level level = log_level::info;
    log_format format = log_format::text;
    /// `log_file:`: also write here, rotated by size (sfcollector.log, .1.log, ...); empty: none.
    std::filesystem::path file;
    std::uint64_t max_size = 10u << 20;
    unsigned max_files = 5;

    bool operator==(const logging_config&) const = default;
};

/// `metrics:`: the Prometheus and health listener (off unless `listen` is given).
struct metrics_config {
    std::string host;        ///< an IP address; "127.0.0.1" when only a port is given
    std::uint16_t port = 0;  ///< 0: no listener
    bool enabled() const { return port != 0; }

    bool operator==(const metrics_config&) const = default;
};

/// A secret read at start-up from a file or an environment variable, never written inline in
/// the config and never logged.
struct secret_ref {
    std::filesystem::path file;  ///< first line of the file, trailing newline stripped
    std::string env;             ///< name of an environment variable
    bool empty() const { return file.empty() && env.empty(); }

    bool operator==(const secret_ref&) const = default;
};

/// How the collector gets its access tokens.
enum class auth_flow {
    jwt_bearer,          ///< RS256 assertion signed with private_key (the set-up guide's way)
    client_credentials,  ///< client_id + client_secret against the My Domain token endpoint
};

/// An HTTP proxy that tunnels HTTPS with CONNECT.
struct proxy_config {
    /// "http://[user:password@]host[:port]" (user and password percent-encoded as written; no
    /// port: 1080, as in curl); empty: no proxy (also after `proxy: none`). From the config's
    /// `proxy:`, else from HTTPS_PROXY / https_proxy in the environment.
    std::string url;
    /// Hosts reached directly, as http::bypass_proxy reads them: "example.com" (and its
    /// subdomains), ".example.com", "*" (all), IP addresses, networks ("10.0.0.0/8"), an
    /// ignored ":port"; from `no_proxy:`, else NO_PROXY / no_proxy (only when url is set).
    std::vector<std::string> no_proxy;
    bool from_env = false;  ///< url came from the environment (logged at start-up)

    bool operator==(const proxy_config&) const = default;
};

/// One org's connection: the five values from the Salesforce set-up, plus where to log in,
/// TLS trust, proxy and how much of the org's API allocation the collector may use.
struct salesforce_config {
    auth_flow auth = auth_flow::jwt_bearer;
    /// jwt_bearer: PEM (server.pem: PKCS#1 or PKCS#8, or an encrypted key such as
    /// server.pass.key) or a PKCS#12 keystore (keystore.p12); RSA.
    std::filesystem::path private_key;
    /// Passphrase of an encrypted PEM key or of a PKCS#12 keystore; empty: none.
    secret_ref private_key_passphrase;
    std::string username;      ///< jwt_bearer: the integration user, JWT `sub`
    std::string client_id;     ///< consumer key: JWT `iss`, or the client_credentials client_id
    secret_ref client_secret;  ///< client_credentials: the consumer secret
    std::string instance_url;  ///< My Domain, "https://company.my.salesforce.com"
    std::string api_version;   ///< "64.0"
    /// jwt_bearer: token endpoint host and JWT audience; https://test.salesforce.com for
    /// sandboxes. client_credentials always uses instance_url (Salesforce refuses it elsewhere).
    std::string login_url = "https://login.salesforce.com";
    /// JWT `aud`; empty means login_url.
    std::string audience;
    /// Extra CA bundle trusted besides the system store (a TLS-inspecting proxy, a test CA).
    std::filesystem::path ca_file;
    /// The certificate uploaded to the External Client App (server.crt); optional, read only by
    /// `sfcollector check` to compare it with the key and warn before it expires.
    std::filesystem::path certificate;
    /// Turns TLS verification off. Logged as a warning at start-up.
    bool tls_insecure_skip_verify = false;
    proxy_config proxy;
    /// The collector makes no request while the org's rolling 24 h API usage (all clients, as
    /// Sforce-Limit-Info and /limits report it) is at or above this share of the allocation.
    double max_api_share = 0.5;
    /// Requests to this org in flight at once (LogFile downloads and queries together).
    unsigned max_concurrent_requests = 4;
    /// While paused (API share reached, REQUEST_LIMIT_EXCEEDED): how often /limits is asked.
    std::chrono::seconds limits_check_interval{std::chrono::minutes(5)};

    bool operator==(const salesforce_config&) const = default;
};

enum class elf_interval { hourly, daily };

struct event_log_file_config {
    bool enabled = true;
    /// EventType API names to collect; empty: every type the org produces (`event_types: all`).
    std::vector<std::string> event_types;
    elf_interval interval = elf_interval::hourly;
    /// Files created less than this long ago are left for a later pass (0: none are). Salesforce
    /// may list an hourly file while it is still writing it.
    std::chrono::seconds settle{0};

    bool operator==(const event_log_file_config&) const = default;
};

/// How a SOQL object source walks its records.
enum class object_kind {
    /// ORDER BY cursor_field, id_field ascending; resumes after the last (cursor, id) delivered.
    standard,
    /// Real-Time Event Monitoring big objects (LoginEvent, ApiEvent, ...): filter on EventDate
    /// only, ORDER BY EventDate DESC; each window is drained newest first and the cursor moves
    /// when the window is done. Repeats at the boundary are dropped by id_field
    /// (EventIdentifier).
    big_object,
};

/// One SOQL object collected as events (SetupAuditTrail, LoginHistory, LoginEvent, ... or an
/// operator-defined query). The config loader fills fields, cursor_field, id_field and kind from
/// the built-in catalogue (config/object_catalog.hpp) for the objects it knows.
struct object_source_config {
    std::string name;    ///< label in logs and the cursor's key; default: the object's name
    std::string object;  ///< API name, e.g. "LoginHistory", "MyAudit__c"
    std::vector<std::string> fields;  ///< SELECT list; always holds cursor_field and id_field
    std::string cursor_field;         ///< a dateTime field: CreatedDate, LoginTime, EventDate
    std::string id_field = "Id";      ///< tie-break and de-duplication key
    /// Extra SOQL condition ANDed to the cursor's; one line with balanced quotes and parentheses,
    /// so it is safe inside "AND (...)" (an OR in it needs those parentheses).
    std::string where;
    object_kind kind = object_kind::standard;
    /// Records whose cursor field is less than this long ago are left for a later pass (0: none
    /// are), so a record stored late with an earlier time still comes after the cursor.
    std::chrono::seconds settle{0};

    bool operator==(const object_source_config&) const = default;
};

/// Everything collected from one org.
struct org_config {
    /// Unique label in logs; "default" for the one-org `salesforce:` form.
    std::string name = "default";
    salesforce_config salesforce;
    event_log_file_config event_log_file;
    std::vector<object_source_config> objects;

    bool operator==(const org_config&) const = default;
};

struct collection_config {
    std::chrono::seconds poll_interval{std::chrono::minutes(5)};
    /// How far back the first run looks.
    std::chrono::seconds initial_lookback{std::chrono::hours(24 * 7)};
    /// Poll interval varies by up to this fraction either way, so many collectors don't align.
    double jitter = 0.1;

    bool operator==(const collection_config&) const = default;
};

enum class sink_type { stdout_lines, file, syslog, http, elasticsearch, splunk_hec };

/// TLS towards a sink (syslog over TLS, HTTPS). Verification is on unless switched off.
struct tls_client_config {
    std::filesystem::path ca_file;      ///< extra CA bundle besides the system store
    std::filesystem::path cert_file;    ///< client certificate (mutual TLS), PEM
    std::filesystem::path key_file;     ///< its private key, PEM
    std::string server_name;            ///< name to verify instead of the address's host
    bool insecure_skip_verify = false;  ///< logged as a warning at start-up

    bool operator==(const tls_client_config&) const = default;
};

enum class syslog_transport { udp, tcp, tls };
enum class syslog_framing { octet_counting, lf };  ///< RFC 6587 §3.4.1 / §3.4.2 (TCP, TLS)
enum class syslog_format { rfc5424, cef, leef };
enum class http_auth { none, basic, bearer, api_key };

struct syslog_sink_config {
    std::string host;
    std::uint16_t port = 6514;
    syslog_transport transport = syslog_transport::tls;
    /// octet counting is the default and the only choice with TLS (RFC 5425)
    syslog_framing framing = syslog_framing::octet_counting;
    syslog_format format = syslog_format::rfc5424;
    int facility = 13;  ///< log audit
    int severity = 6;   ///< informational
    std::string app_name = "sfcollector";
    std::string hostname;  ///< empty: this host's name
    /// A message longer than this is never cut: it goes to the dead-letter file.
    std::size_t max_message_bytes = 8192;
    tls_client_config tls;

    bool operator==(const syslog_sink_config&) const = default;
};

struct http_sink_config {
    std::string url;    ///< http(s)://host[:port][/path]; the endpoint (generic) or the base URL
    std::string index;  ///< elasticsearch: target index or data stream; splunk: index
    std::string sourcetype;             ///< splunk_hec
    std::string source = "salesforce";  ///< splunk_hec
    http_auth auth = http_auth::none;
    std::string username;  ///< basic
    secret_ref secret;     ///< basic password, bearer token, API key or HEC token
    bool gzip = false;     ///< gzip request bodies
    bool hec_ack = false;  ///< splunk_hec: wait for indexer acknowledgement
    std::chrono::seconds hec_ack_timeout{300};
    std::chrono::seconds request_timeout{30};
    tls_client_config tls;

    bool operator==(const http_sink_config&) const = default;
};

struct sink_config {
    sink_type type = sink_type::stdout_lines;
    std::string name;            ///< for logs; default "<type>" or "<type>:<path/url>"
    std::filesystem::path path;  ///< file sinks: the JSON-lines file
    bool fsync = true;           ///< file sinks: fdatasync before a batch counts as written
    syslog_sink_config syslog;
    http_sink_config http;
    /// Batching towards this sink.
    std::size_t batch_max_events = 500;
    std::size_t batch_max_bytes = 1u << 20;
    std::chrono::milliseconds batch_linger{std::chrono::seconds(1)};

    bool operator==(const sink_config&) const = default;
};

enum class when_full { block, drop_newest };

/// The bounded queue between sources and sinks, retries, dead letters and shutdown.
struct pipeline_config {
    std::size_t max_events = 20000;
    std::size_t max_bytes = 2u << 20;
    /// block: sources wait (nothing is lost); drop_newest: new events are dropped and counted.
    config::when_full when_full = config::when_full::block;
    std::chrono::milliseconds retry_initial{std::chrono::seconds(1)};
    std::chrono::milliseconds retry_max{std::chrono::seconds(60)};
    /// Events a sink refused for good, one JSON line each with the reason. Empty: state_dir/
    /// dead-letter.jsonl.
    std::filesystem::path dead_letter_path;
    /// After SIGTERM, how long sinks may take to deliver what is in flight.
    std::chrono::seconds shutdown_grace{std::chrono::seconds(30)};

    bool operator==(const pipeline_config&) const = default;
};

struct collector_config {
    std::filesystem::path source_path;  ///< the YAML file this came from
    /// At least one. From `salesforce:` (+ `event_log_file:`, `objects:`) or from `orgs:`.
    std::vector<org_config> orgs;
    collection_config collection;
    std::filesystem::path state_dir;  ///< default: platform::default_state_dir()
    logging_config logging;
    std::vector<sink_config> sinks{sink_config{}};
    pipeline_config pipeline;
    metrics_config metrics;

    bool operator==(const collector_config&) const = default;
};

}  // namespace sfc::config
