#pragma once
// An in-process fake Splunk HTTP Event Collector over real TLS on loopback: token checks,
// /services/collector[/event] with concatenated JSON events (optionally gzip'ed), validation
// with invalid-event-number, indexer acknowledgement (channels, ackIds, /services/collector/ack),
// /services/collector/health, scripted faults and counters. Wire details: sinks.md §2.5.
//
// Threading: the server runs on its own thread; every public member may be called from any
// thread while it runs.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sfc::test {

/// One event as the fake indexed it.
struct hec_stored_event {
    std::string event;  ///< the "event" value, minified JSON
    std::string time;   ///< the "time" value as sent (JSON text); empty when absent
    std::string host;   ///< empty when absent (same for source, sourcetype, index)
    std::string source;
    std::string sourcetype;
    std::string index;
    std::map<std::string, std::string> fields;  ///< indexed fields with string values
    std::string channel;  ///< the request's X-Splunk-Request-Channel; empty without one
};

/// When /services/collector/ack reports an ackId as indexed.
enum class hec_ack_policy {
    immediate,    ///< on the first query
    after_polls,  ///< after `ack_after_polls` queries answered false
    never,        ///< never (tests the client's timeout)
    /// 400 code 14 "ACK is disabled", as when acknowledgement is switched off on the token after
    /// the batch was taken with an ackId.
    disabled,
};

struct fake_hec_options {
    std::string token = "5c1d9a52-8f3e-4b7a-9d61-2e0c4f8b7a10";
    std::string disabled_token;  ///< answered 403 code 1 "Token disabled"
    /// The token has useACK: event requests need a channel (else 400 code 10) and get an ackId.
    /// Without it, /services/collector/ack answers 400 code 14 "ACK is disabled".
    bool ack = false;
    hec_ack_policy ack_policy = hec_ack_policy::immediate;
    int ack_after_polls = 0;
    /// An event object whose raw text contains this gets 400 code 6 with its invalid-event-number.
    std::string reject_marker;
    /// Indexes the token may write to; an event naming another gets 400 code 7. Empty: any.
    std::vector<std::string> indexes;
    std::uint16_t port = 0;   ///< 0: any free port on 127.0.0.1
    bool plain_http = false;  ///< serve http:// (no TLS; the certificate below is unused)
    /// Server certificate chain and key (make_tls_pki); empty: a fresh PKI (about a second).
    std::string tls_cert_pem;
    std::string tls_key_pem;
    std::string tls_ca_pem;  ///< what ca_cert_pem() returns with tls_cert_pem
    /// For benchmarks of millions of events: every event is checked as usual but only counted,
    /// not kept; events() stays empty.
    bool count_only = false;
};

enum class hec_fault {
    busy,               ///< 503 code 9 "Server is busy"
    internal_error,     ///< 500 code 8 "Internal server error"
    too_many_requests,  ///< 429 (a proxy's throttle, no HEC body)
    drop_connection,    ///< close without answering
};

/// One request as the fake saw it.
struct hec_request_entry {
    std::string method;
    std::string path;
    std::string channel;
    std::string content_encoding;
    int status = 0;
    int code = -1;  ///< HEC code of the answer; -1 when it carried none
};

struct fake_hec_stats {
    int requests = 0;
    int event_requests = 0;     ///< to /services/collector[/event]
    int accepted_requests = 0;  ///< event requests answered 200
    int auth_failures = 0;      ///< 401 and 403 answers
    int faults_injected = 0;
    int invalid_requests = 0;  ///< other 400 answers to event requests
    int gzip_requests = 0;     ///< event requests with Content-Encoding: gzip
    int ack_queries = 0;       ///< to /services/collector/ack
    int acks_reported = 0;     ///< ackIds answered true
    int health_checks = 0;
    std::size_t events_stored = 0;
};

class fake_splunk_hec {
public:
    /// Binds 127.0.0.1 and starts serving. Throws on bind or TLS errors.
    explicit fake_splunk_hec(fake_hec_options options = {});
    ~fake_splunk_hec();  ///< stops
    fake_splunk_hec(const fake_splunk_hec&) = delete;
    fake_splunk_hec& operator=(const fake_splunk_hec&) = delete;

    std::string base_url() const;  ///< "https://127.0.0.1:<port>" (http:// with plain_http)
    std::uint16_t port() const;
    std::string ca_cert_pem() const;
    std::string token() const;

    // --- behaviour (applies to requests arriving after the call) ---------------------------
    /// The next `count` event requests (after the token check) get `fault`; a Retry-After header
    /// is added when given. Queued faults apply in order of their calls.
    void fail_next(hec_fault fault,
                   int count = 1,
                   std::optional<std::chrono::seconds> retry_after = std::nullopt);
    void set_reject_marker(std::string marker);
    void set_ack(bool enabled,
                 hec_ack_policy policy = hec_ack_policy::immediate,
                 int after_polls = 0);

    // --- observation ----------------------------------------------------------------------
    std::vector<hec_stored_event> events() const;
    std::vector<hec_request_entry> requests() const;
    fake_hec_stats stats() const;
    /// Waits until pred(stats) holds (checked after every request); false on timeout.
    bool wait_for(const std::function<bool(const fake_hec_stats&)>& pred,
                  std::chrono::milliseconds timeout) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::test
