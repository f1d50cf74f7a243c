#pragma once
// An in-process fake Elasticsearch over plain HTTP or TLS on loopback: POST [/<index>]/_bulk with
// `create` and `index` actions (positional items, 409 for an existing _id on create), basic and
// ApiKey auth, gzip request bodies, filter_path, scripted faults for whole requests and for
// single documents, a "down" switch and counters. Other POSTs are recorded as NDJSON lines, as a
// generic HTTP receiver. Wire details: sinks.md §2.6.
//
// Threading: the server runs on its own thread; every public member may be called from any
// thread while it runs.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test {

struct fake_es_options {
    bool tls = false;        ///< HTTPS (with the certificate below) instead of plain HTTP
    std::uint16_t port = 0;  ///< 0: any free port on 127.0.0.1
    /// Credentials the fake accepts; when all are empty, requests need no Authorization.
    std::string username;  ///< basic, with password
    std::string password;
    std::string api_key;       ///< "Authorization: ApiKey <api_key>"
    std::string bearer_token;  ///< "Authorization: Bearer <token>"
    /// Server certificate chain and key (make_tls_pki); empty with tls: a fresh PKI.
    std::string tls_cert_pem;
    std::string tls_key_pem;
    std::string tls_ca_pem;  ///< what ca_cert_pem() returns with tls_cert_pem
    /// For benchmarks of millions of documents: keeps no document, request body or NDJSON line,
    /// only a 64-bit hash of each document's index and _id (a repeated `create` still gets its
    /// 409) and the counters. documents(), document() and received_lines() stay empty and
    /// requests() carries no bodies.
    bool count_only = false;
};

/// One indexed document.
struct es_document {
    std::string index;
    std::string id;
    std::string source;  ///< the JSON line as received
    int version = 1;
};

/// One request as the fake saw it (after gzip inflation).
struct es_request_entry {
    std::string method;
    std::string target;
    std::string content_type;
    std::string content_encoding;
    std::string authorization;
    std::string body;  ///< inflated
    int status = 0;
};

struct fake_es_stats {
    int requests = 0;
    int bulk_requests = 0;    ///< _bulk requests answered 200
    int created = 0;          ///< items 201 (and 200 for `index` overwrites)
    int conflicts = 0;        ///< items 409 (create of an existing _id)
    int items_rejected = 0;   ///< items 400 (mapping / parse errors)
    int items_throttled = 0;  ///< items 429
    int faults_injected = 0;  ///< whole requests answered by fail_next()
    int unauthorized = 0;     ///< 401 answers
    int malformed = 0;        ///< whole requests answered 400 (bad NDJSON, bad gzip)
    int gzip_requests = 0;    ///< requests with Content-Encoding: gzip
    int other_posts = 0;      ///< POSTs outside _bulk answered 200 (generic HTTP receiver)
    std::size_t documents = 0;
};

class fake_elasticsearch {
public:
    /// Binds 127.0.0.1 and starts serving. Throws on bind or TLS errors.
    explicit fake_elasticsearch(fake_es_options options = {});
    ~fake_elasticsearch();  ///< stops
    fake_elasticsearch(const fake_elasticsearch&) = delete;
    fake_elasticsearch& operator=(const fake_elasticsearch&) = delete;

    std::string base_url() const;  ///< "http://127.0.0.1:<port>" or "https://..."
    std::uint16_t port() const;
    std::string ca_cert_pem() const;  ///< empty for plain HTTP

    // --- behaviour (applies to requests arriving after the call) ---------------------------
    /// The next `count` requests (after the auth check) get HTTP `status` (429, 500, 503...)
    /// with an Elasticsearch error body, and Retry-After when given.
    void fail_next(int status,
                   int count = 1,
                   std::optional<std::chrono::seconds> retry_after = std::nullopt);
    /// Documents whose JSON contains `marker` get item 400 mapper_parsing_exception.
    void reject_documents_with(std::string marker);
    /// Documents whose JSON contains `marker` get item 429 the first `times` times each _id is
    /// sent.
    void throttle_documents_with(std::string marker, int times);
    /// Down: the listener is closed (connection refused) and open connections are dropped. Up:
    /// listening again on the same port.
    void set_down(bool down);

    // --- observation ----------------------------------------------------------------------
    std::vector<es_document> documents() const;  ///< in order of creation
    std::optional<es_document> document(std::string_view index, std::string_view id) const;
    /// Every NDJSON line POSTed outside _bulk, in order.
    std::vector<std::string> received_lines() const;
    std::vector<es_request_entry> requests() const;
    fake_es_stats stats() const;
    /// Waits until pred(stats) holds (checked after every request); false on timeout.
    bool wait_for(const std::function<bool(const fake_es_stats&)>& pred,
                  std::chrono::milliseconds timeout) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::test
