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

/// The five values from the Salesforce set-up, plus where to log in.
struct salesforce_config {
    std::filesystem::path private_key;  ///< PEM (server.pem), PKCS#1 or PKCS#8, RSA
    std::string username;               ///< the integration user, JWT `sub`
    std::string client_id;              ///< consumer key, JWT `iss`
    std::string instance_url;           ///< My Domain, "https://company.my.salesforce.com"
    std::string api_version;            ///< "64.0"
    /// Token endpoint host and JWT audience; https://test.salesforce.com for sandboxes.
    std::string login_url = "https://login.salesforce.com";
    /// JWT `aud`; empty means login_url.
    std::string audience;
    /// Extra CA bundle trusted besides the system store (a TLS-inspecting proxy, a test CA).
    std::filesystem::path ca_file;
    /// Turns TLS verification off. Logged as a warning at start-up.
    bool tls_insecure_skip_verify = false;
};

enum class elf_interval { hourly, daily };

struct event_log_file_config {
    bool enabled = true;
    std::vector<std::string> event_types{"Login", "Logout", "LoginAs", "URI", "API", "RestApi",
                                         "Report", "ReportExport"};
    elf_interval interval = elf_interval::hourly;
};

struct collection_config {
    std::chrono::seconds poll_interval{std::chrono::minutes(5)};
    /// How far back the first run looks.
    std::chrono::seconds initial_lookback{std::chrono::hours(24 * 7)};
    /// Poll interval varies by up to this fraction either way, so many collectors don't align.
    double jitter = 0.1;
};

enum class sink_type { stdout_lines, file, syslog, http, elasticsearch, splunk_hec };

/// TLS towards a sink (syslog over TLS, HTTPS). Verification is on unless switched off.
struct tls_client_config {
    std::filesystem::path ca_file;    ///< extra CA bundle besides the system store
    std::filesystem::path cert_file;  ///< client certificate (mutual TLS), PEM
    std::filesystem::path key_file;   ///< its private key, PEM
    std::string server_name;          ///< name to verify instead of the address's host
    bool insecure_skip_verify = false;  ///< logged as a warning at start-up
};

/// A secret read at start-up from a file or an environment variable, never written inline in
/// the config and never logged.
struct secret_ref {
    std::filesystem::path file;  ///< first line of the file, trailing newline stripped
    std::string env;             ///< name of an environment variable
    bool empty() const { return file.empty() && env.empty(); }
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
};

struct http_sink_config {
    std::string url;  ///< http(s)://host[:port][/path]; the endpoint (generic) or the base URL
    std::string index;       ///< elasticsearch: target index or data stream; splunk: index
    std::string sourcetype;  ///< splunk_hec
    std::string source = "salesforce";  ///< splunk_hec
    http_auth auth = http_auth::none;
    std::string username;  ///< basic
    secret_ref secret;     ///< basic password, bearer token, API key or HEC token
    bool gzip = false;     ///< gzip request bodies
    bool hec_ack = false;  ///< splunk_hec: wait for indexer acknowledgement
    std::chrono::seconds hec_ack_timeout{300};
    std::chrono::seconds request_timeout{30};
    tls_client_config tls;
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
};

enum class when_full { block, drop_newest };

/// The bounded queue between sources and sinks, retries, dead letters and shutdown.
struct pipeline_config {
    std::size_t max_events = 20000;
    std::size_t max_bytes = 64u << 20;
    /// block: sources wait (nothing is lost); drop_newest: new events are dropped and counted.
    config::when_full when_full = config::when_full::block;
    std::chrono::milliseconds retry_initial{std::chrono::seconds(1)};
    std::chrono::milliseconds retry_max{std::chrono::seconds(60)};
    /// Events a sink refused for good, one JSON line each with the reason. Empty: state_dir/
    /// dead-letter.jsonl.
    std::filesystem::path dead_letter_path;
    /// After SIGTERM, how long sinks may take to deliver what is in flight.
    std::chrono::seconds shutdown_grace{std::chrono::seconds(30)};
};

struct collector_config {
    std::filesystem::path source_path;  ///< the YAML file this came from
    salesforce_config salesforce;
    event_log_file_config event_log_file;
    collection_config collection;
    std::filesystem::path state_dir = "/var/lib/sfcollector";
    log_level level = log_level::info;
    std::vector<sink_config> sinks{sink_config{}};
    pipeline_config pipeline;
};

}  // namespace sfc::config
