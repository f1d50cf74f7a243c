// The fake Elasticsearch: request handling runs on the server thread under one mutex; the
// _bulk body is parsed whole before any document is applied, as Elasticsearch rejects a
// malformed request without indexing part of it.
#include "fake_siem/fake_elasticsearch.hpp"

#include "fake_salesforce/https_server.hpp"
#include "pki/test_pki.hpp"

#include <openssl/evp.h>
#include <simdjson.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <unordered_set>

namespace sfc::test {
namespace {

using fake_sf::http_reply;
using fake_sf::http_request;

std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<std::string> gunzip(std::string_view in) {
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) return std::nullopt;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc == Z_OK) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        rc = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
        if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ends before the stream does
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

std::string quote(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04x", c);
            out += hex;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

http_reply json(int status, std::string body) {
    http_reply r;
    r.status = status;
    r.set("Content-Type", "application/json");
    r.set("X-elastic-product", "Elasticsearch");
    r.body = std::move(body);
    return r;
}

http_reply error_reply(int status, std::string_view type, std::string_view reason) {
    const std::string error = "{\"type\":" + quote(type) + ",\"reason\":" + quote(reason) + "}";
    return json(status,
                "{\"error\":{\"root_cause\":[" + error + "],\"type\":" + quote(type) +
                    ",\"reason\":" + quote(reason) + "},\"status\":" + std::to_string(status) +
                    "}");
}

std::string_view fault_type(int status) {
    if (status == 429) return "es_rejected_execution_exception";
    if (status == 413) return "content_too_long_exception";
    if (status < 500) return "illegal_argument_exception";
    if (status == 503) return "cluster_block_exception";
    return "internal_server_error";
}

struct bulk_op {
    std::string action;  // create or index
    std::string index;
    std::string id;  // empty: generated
    std::string source;
};

// The request's action/source pairs, or the reason it is malformed.
struct parsed_bulk {
    std::vector<bulk_op> ops;
    std::string error;
};

parsed_bulk parse_bulk(std::string_view body, std::string_view default_index) {
    parsed_bulk out;
    if (body.empty()) {
        out.error = "Validation Failed: 1: no requests added;";
        return out;
    }
    if (body.back() != '\n') {
        out.error = "The bulk request must be terminated by a newline [\\n]";
        return out;
    }
    simdjson::dom::parser parser;
    std::size_t line_no = 0;
    while (!body.empty()) {
        const auto end = body.find('\n');
        const std::string_view action_line = body.substr(0, end);
        body.remove_prefix(end + 1);
        ++line_no;
        simdjson::dom::object action;
        if (parser.parse(action_line.data(), action_line.size()).get_object().get(action) !=
                simdjson::SUCCESS ||
            action.size() != 1) {
            out.error = "Malformed action/metadata line [" + std::to_string(line_no) + "]";
            return out;
        }
        bulk_op op;
        const auto field = *action.begin();
        op.action = std::string(field.key);
        if (op.action != "create" && op.action != "index") {
            out.error = "Unsupported action [" + op.action + "] on line " + std::to_string(line_no);
            return out;
        }
        std::string_view value;
        op.index = field.value["_index"].get_string().get(value) == simdjson::SUCCESS
                       ? std::string(value)
                       : std::string(default_index);
        if (field.value["_id"].get_string().get(value) == simdjson::SUCCESS) op.id = value;
        if (op.index.empty()) {
            out.error = "index is missing on line " + std::to_string(line_no);
            return out;
        }
        if (body.empty()) {
            out.error = "action on line " + std::to_string(line_no) + " has no source line";
            return out;
        }
        const auto source_end = body.find('\n');
        op.source = std::string(body.substr(0, source_end));
        body.remove_prefix(source_end + 1);
        ++line_no;
        out.ops.push_back(std::move(op));
    }
    return out;
}

bool is_json_object(std::string_view text) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    return parser.parse(text.data(), text.size()).get_object().get(object) == simdjson::SUCCESS;
}

struct pending_fault {
    int status;
    std::optional<std::chrono::seconds> retry_after;
};

}  // namespace

struct fake_elasticsearch::impl {
    explicit impl(fake_es_options o) : options(std::move(o)) {}

    http_reply handle(const http_request& request);
    http_reply dispatch(const http_request& request, const std::string& body);
    http_reply bulk(const http_request& request, const std::string& body);
    std::string apply(bulk_op& op, bool filtered, bool& errors);  // one item, under mu
    int stored_version(const bulk_op& op) const;                  // 0: not stored yet
    void store(const bulk_op& op);
    bool authorized(const std::string& header) const;
    void record(const http_request& request, const std::string& body, int status);

    fake_es_options options;
    std::string ca_pem;
    std::unique_ptr<fake_sf::https_server> server;
    std::uint16_t port = 0;

    mutable std::mutex mu;
    mutable std::condition_variable changed;
    std::map<std::pair<std::string, std::string>, es_document> docs;
    std::unordered_set<std::size_t> counted;  // with count_only: hashes of index and _id
    std::vector<std::pair<std::string, std::string>> order;
    std::deque<pending_fault> faults;
    std::vector<std::string> reject_markers;
    std::vector<std::pair<std::string, int>> throttle_markers;
    std::map<std::string, int> throttled;  // _id -> 429s given
    std::vector<std::string> lines;
    std::vector<es_request_entry> log;
    fake_es_stats stats;
    std::uint64_t next_auto_id = 0;
};

bool fake_elasticsearch::impl::authorized(const std::string& header) const {
    const bool any =
        !options.username.empty() || !options.api_key.empty() || !options.bearer_token.empty();
    if (!any) return true;
    if (!options.username.empty() &&
        header == "Basic " + base64(options.username + ":" + options.password)) {
        return true;
    }
    if (!options.api_key.empty() && header == "ApiKey " + options.api_key) return true;
    return !options.bearer_token.empty() && header == "Bearer " + options.bearer_token;
}

void fake_elasticsearch::impl::record(const http_request& request,
                                      const std::string& body,
                                      int status) {
    log.push_back({request.method,
                   request.target,
                   request.header("Content-Type"),
                   request.header("Content-Encoding"),
                   request.header("Authorization"),
                   options.count_only ? std::string() : body,
                   status});
    stats.documents = options.count_only ? counted.size() : docs.size();
    changed.notify_all();
}

http_reply fake_elasticsearch::impl::handle(const http_request& request) {
    std::string body = request.body;
    const std::string encoding = request.header("Content-Encoding");
    std::optional<http_reply> early;
    if (encoding == "gzip") {
        auto inflated = gunzip(request.body);
        if (inflated) {
            body = std::move(*inflated);
        } else {
            early = error_reply(400, "parse_exception", "request body is not valid gzip");
        }
    }
    std::lock_guard lock(mu);
    ++stats.requests;
    if (encoding == "gzip") ++stats.gzip_requests;
    if (early) ++stats.malformed;
    http_reply reply = early ? std::move(*early) : dispatch(request, body);
    record(request, body, reply.status);
    return reply;
}

http_reply fake_elasticsearch::impl::dispatch(const http_request& request,
                                              const std::string& body) {
    if (!authorized(request.header("Authorization"))) {
        ++stats.unauthorized;
        auto reply = error_reply(401,
                                 "security_exception",
                                 "missing authentication credentials for REST request [" +
                                     std::string(request.path()) + "]");
        reply.set("WWW-Authenticate", "Basic realm=\"security\" charset=\"UTF-8\"");
        reply.set("WWW-Authenticate", "ApiKey");
        return reply;
    }
    if (!faults.empty()) {
        const auto fault = faults.front();
        faults.pop_front();
        ++stats.faults_injected;
        auto reply = error_reply(fault.status, fault_type(fault.status), "scripted fault");
        if (fault.retry_after) reply.set("Retry-After", std::to_string(fault.retry_after->count()));
        return reply;
    }
    const auto path = request.path();
    if (request.method == "POST" && (path == "/_bulk" || path.ends_with("/_bulk"))) {
        return bulk(request, body);
    }
    if (request.method == "POST") {
        for (std::size_t start = 0; start < body.size();) {
            const auto end = std::min(body.find('\n', start), body.size());
            if (!options.count_only) lines.push_back(body.substr(start, end - start));
            start = end + 1;
        }
        ++stats.other_posts;
        return json(200, "{}");
    }
    if (request.method == "GET" && path == "/") {
        return json(
            200,
            R"({"name":"fake","version":{"number":"8.13.0"},"tagline":"You Know, for Search"})");
    }
    return error_reply(404, "resource_not_found_exception", "no handler for " + std::string(path));
}

http_reply fake_elasticsearch::impl::bulk(const http_request& request, const std::string& body) {
    const auto path = request.path();
    std::string_view default_index =
        path.substr(0, path.size() - std::string_view("/_bulk").size());
    if (default_index.starts_with('/')) default_index.remove_prefix(1);
    auto parsed = parse_bulk(body, default_index);
    if (!parsed.error.empty()) {
        ++stats.malformed;
        return error_reply(400, "illegal_argument_exception", parsed.error);
    }
    const bool filtered = request.query().find("filter_path=") != std::string_view::npos;
    bool errors = false;
    std::string items;
    for (auto& op : parsed.ops) {
        if (!items.empty()) items += ',';
        items += apply(op, filtered, errors);
    }
    ++stats.bulk_requests;
    const std::string took = filtered ? "" : "\"took\":3,";
    return json(
        200,
        "{" + took + "\"errors\":" + (errors ? "true" : "false") + ",\"items\":[" + items + "]}");
}

std::string fake_elasticsearch::impl::apply(bulk_op& op, bool filtered, bool& errors) {
    if (op.id.empty()) op.id = "auto-" + std::to_string(++next_auto_id);
    int status = 201;
    std::string error;
    const int version = stored_version(op);
    auto throttle = std::find_if(throttle_markers.begin(), throttle_markers.end(), [&](auto& m) {
        return op.source.find(m.first) != std::string::npos;
    });
    const bool rejected = !is_json_object(op.source) ||
                          std::any_of(reject_markers.begin(), reject_markers.end(), [&](auto& m) {
                              return op.source.find(m) != std::string::npos;
                          });
    if (rejected) {
        status = 400;
        error = "{\"type\":\"mapper_parsing_exception\",\"reason\":" +
                quote("failed to parse field [marker] of type [long] in document with id '" +
                      op.id + "'") +
                ",\"caused_by\":{\"type\":\"illegal_argument_exception\",\"reason\":"
                "\"For input string: \\\"abc\\\"\"}}";
        ++stats.items_rejected;
    } else if (throttle != throttle_markers.end() && throttled[op.id] < throttle->second) {
        ++throttled[op.id];
        status = 429;
        error = R"({"type":"es_rejected_execution_exception",)"
                R"("reason":"rejected execution of coordinating operation"})";
        ++stats.items_throttled;
    } else if (version > 0 && op.action == "create") {
        status = 409;
        error = "{\"type\":\"version_conflict_engine_exception\",\"reason\":" +
                quote("[" + op.id +
                      "]: version conflict, document already exists (current "
                      "version [" +
                      std::to_string(version) + "])") +
                "}";
        ++stats.conflicts;
    } else {
        store(op);
        if (version > 0) status = 200;  // an `index` overwrite
        ++stats.created;
    }
    errors = errors || !error.empty();
    std::string item = "{" + quote(op.action) + ":{";
    if (!filtered) {
        item += "\"_index\":" + quote(op.index) + ",\"_id\":" + quote(op.id) + ",";
        if (error.empty()) item += "\"_version\":1,\"result\":\"created\",";
    }
    item += "\"status\":" + std::to_string(status);
    if (!error.empty()) item += ",\"error\":" + error;
    return item + "}}";
}

namespace {

// What count_only keeps of a document. A collision would answer a new document 409; for n
// documents the odds are about n^2 / 2^65, nothing for a benchmark's few million.
std::size_t count_key(const bulk_op& op) {
    return std::hash<std::string>{}(op.index + '\n' + op.id);
}

}  // namespace

int fake_elasticsearch::impl::stored_version(const bulk_op& op) const {
    if (options.count_only) {
        return counted.count(count_key(op)) ? 1 : 0;
    }
    const auto it = docs.find({op.index, op.id});
    return it == docs.end() ? 0 : it->second.version;
}

void fake_elasticsearch::impl::store(const bulk_op& op) {
    if (options.count_only) {
        counted.insert(count_key(op));
        return;
    }
    auto key = std::make_pair(op.index, op.id);
    const auto [it, added] = docs.try_emplace(key, es_document{op.index, op.id, {}, 0});
    if (added) order.push_back(std::move(key));
    it->second.source = op.source;
    ++it->second.version;
}

fake_elasticsearch::fake_elasticsearch(fake_es_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {
    std::string cert;
    std::string key;
    if (impl_->options.tls) {
        cert = impl_->options.tls_cert_pem;
        key = impl_->options.tls_key_pem;
        if (cert.empty() || key.empty()) {
            const tls_pki pki = make_tls_pki();
            cert = pki.server_cert_pem;
            key = pki.server_key_pem;
            impl_->ca_pem = pki.ca_cert_pem;
        } else {
            impl_->ca_pem = impl_->options.tls_ca_pem.empty() ? cert : impl_->options.tls_ca_pem;
        }
    }
    auto* self = impl_.get();
    impl_->server = std::make_unique<fake_sf::https_server>(
        [self](const http_request& request) { return self->handle(request); },
        std::move(cert),
        std::move(key));
    impl_->server->start(impl_->options.port);
    impl_->port = impl_->server->port();
}

fake_elasticsearch::~fake_elasticsearch() {
    impl_->server->stop();
}

std::string fake_elasticsearch::base_url() const {
    return (impl_->options.tls ? "https://127.0.0.1:" : "http://127.0.0.1:") +
           std::to_string(impl_->port);
}

std::uint16_t fake_elasticsearch::port() const {
    return impl_->port;
}

std::string fake_elasticsearch::ca_cert_pem() const {
    return impl_->ca_pem;
}

void fake_elasticsearch::fail_next(int status,
                                   int count,
                                   std::optional<std::chrono::seconds> retry_after) {
    std::lock_guard lock(impl_->mu);
    for (int i = 0; i < count; ++i) impl_->faults.push_back({status, retry_after});
}

void fake_elasticsearch::reject_documents_with(std::string marker) {
    std::lock_guard lock(impl_->mu);
    impl_->reject_markers.push_back(std::move(marker));
}

void fake_elasticsearch::throttle_documents_with(std::string marker, int times) {
    std::lock_guard lock(impl_->mu);
    impl_->throttle_markers.emplace_back(std::move(marker), times);
}

void fake_elasticsearch::set_down(bool down) {
    // Not under mu: stopping joins the server thread, which may be waiting for mu.
    if (down) {
        impl_->server->stop();
    } else {
        impl_->server->start(impl_->port);
    }
}

std::vector<es_document> fake_elasticsearch::documents() const {
    std::lock_guard lock(impl_->mu);
    std::vector<es_document> out;
    out.reserve(impl_->order.size());
    for (const auto& key : impl_->order) out.push_back(impl_->docs.at(key));
    return out;
}

std::optional<es_document> fake_elasticsearch::document(std::string_view index,
                                                        std::string_view id) const {
    std::lock_guard lock(impl_->mu);
    const auto it = impl_->docs.find({std::string(index), std::string(id)});
    if (it == impl_->docs.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> fake_elasticsearch::received_lines() const {
    std::lock_guard lock(impl_->mu);
    return impl_->lines;
}

std::vector<es_request_entry> fake_elasticsearch::requests() const {
    std::lock_guard lock(impl_->mu);
    return impl_->log;
}

fake_es_stats fake_elasticsearch::stats() const {
    std::lock_guard lock(impl_->mu);
    return impl_->stats;
}

bool fake_elasticsearch::wait_for(const std::function<bool(const fake_es_stats&)>& pred,
                                  std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mu);
    return impl_->changed.wait_for(lock, timeout, [&] { return pred(impl_->stats); });
}

}  // namespace sfc::test
