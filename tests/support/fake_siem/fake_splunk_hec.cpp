#include "fake_siem/fake_splunk_hec.hpp"

#include "fake_salesforce/http_types.hpp"
#include "fake_salesforce/https_server.hpp"
#include "fake_salesforce/text_util.hpp"
#include "pki/test_pki.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <zlib.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace sfc::test {
namespace {

using fake_sf::http_reply;
using fake_sf::http_request;

struct answer {
    http_reply reply;
    int code = -1;
};

struct queued_fault {
    hec_fault kind;
    std::optional<std::chrono::seconds> retry_after;
};

// A refusal of one event object: HEC's code and text.
struct event_error {
    int code;
    const char* text;
};

answer hec_answer(int status,
                  int code,
                  std::string_view text,
                  std::optional<std::size_t> invalid_event = std::nullopt) {
    std::string body =
        "{\"text\":" + fake_sf::json_string(text) + ",\"code\":" + std::to_string(code);
    if (invalid_event) body += ",\"invalid-event-number\":" + std::to_string(*invalid_event);
    body += '}';
    return {fake_sf::json_reply(status, std::move(body)), code};
}

answer fault_answer(const queued_fault& fault) {
    answer a;
    switch (fault.kind) {
        case hec_fault::busy:
            a = hec_answer(503, 9, "Server is busy");
            break;
        case hec_fault::internal_error:
            a = hec_answer(500, 8, "Internal server error");
            break;
        case hec_fault::too_many_requests:
            a.reply.status = 429;
            a.reply.set("Content-Type", "text/plain");
            a.reply.body = "Too Many Requests\n";
            break;
        case hec_fault::drop_connection:
            a.reply.drop_connection = true;
            break;
    }
    if (fault.retry_after) a.reply.set("Retry-After", std::to_string(fault.retry_after->count()));
    return a;
}

// Splunk takes channels only in the GUID form.
bool is_guid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = s[i];
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex) return false;
    }
    return true;
}

std::optional<std::string> gunzip(std::string_view in) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) return std::nullopt;  // gzip or zlib header
    std::string out;
    char buffer[16384];
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(buffer);
        zs.avail_out = sizeof buffer;
        rc = inflate(&zs, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - zs.avail_out);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // input ends early
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END) return std::nullopt;
    return out;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits concatenated JSON objects by their braces (strings and escapes respected). `complete`
// is false when text that is not a whole object follows the last piece.
struct split_body {
    std::vector<std::string_view> objects;
    bool complete = true;
};

split_body split_objects(std::string_view body) {
    split_body out;
    std::size_t at = 0;
    while (true) {
        while (at < body.size() && is_space(body[at])) ++at;
        if (at == body.size()) return out;
        if (body[at] != '{') break;
        int depth = 0;
        bool in_string = false;
        bool escaped = false;
        std::size_t end = at;
        for (; end < body.size(); ++end) {
            const char c = body[end];
            if (in_string) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    in_string = false;
                }
            } else if (c == '"') {
                in_string = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                break;
            }
        }
        if (end == body.size()) break;
        out.objects.push_back(body.substr(at, end + 1 - at));
        at = end + 1;
    }
    out.complete = false;
    return out;
}

std::string text_of(simdjson::dom::element value) {
    std::string_view s;
    if (value.get(s) == simdjson::SUCCESS) return std::string(s);
    return simdjson::minify(value);
}

bool valid_time(simdjson::dom::element time) {
    double number = 0;
    if (time.get(number) == simdjson::SUCCESS) return true;
    std::string_view text;
    if (time.get(text) != simdjson::SUCCESS || text.empty()) return false;
    return std::all_of(
        text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// Indexed fields: an object whose values are strings or arrays of strings.
bool read_fields(simdjson::dom::element fields, std::map<std::string, std::string>& out) {
    simdjson::dom::object obj;
    if (fields.get(obj) != simdjson::SUCCESS) return false;
    for (const auto field : obj) {
        std::string_view s;
        simdjson::dom::array list;
        if (field.value.get(s) == simdjson::SUCCESS) {
            out[std::string(field.key)] = std::string(s);
        } else if (field.value.get(list) == simdjson::SUCCESS) {
            out[std::string(field.key)] = simdjson::minify(field.value);
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

struct fake_splunk_hec::impl {
    mutable std::mutex mu;
    mutable std::condition_variable changed;
    fake_hec_options options;
    std::string ca_pem;
    std::string base_url;
    std::deque<queued_fault> faults;
    std::vector<hec_stored_event> events;
    std::size_t events_taken = 0;  // kept in `events` unless count_only
    std::vector<hec_request_entry> log;
    fake_hec_stats stats;
    std::map<std::string, std::uint64_t> next_ack_id;                // per channel
    std::map<std::pair<std::string, std::uint64_t>, int> ack_polls;  // (channel, id) → queries
    simdjson::dom::parser parser;
    std::unique_ptr<fake_sf::https_server> server;

    http_reply handle(const http_request& req);
    answer route(const http_request& req);
    std::optional<answer> check_token(const http_request& req);
    answer event_request(const http_request& req, const std::string& channel);
    std::optional<event_error> store(std::string_view object, const std::string& channel);
    answer ack_request(const http_request& req, const std::string& channel);
    bool ack_ready(const std::string& channel, std::uint64_t id);
};

http_reply fake_splunk_hec::impl::handle(const http_request& req) {
    std::lock_guard lock(mu);
    ++stats.requests;
    answer a = route(req);
    if (a.reply.status == 401 || a.reply.status == 403) ++stats.auth_failures;
    log.push_back({req.method,
                   std::string(req.path()),
                   req.header("X-Splunk-Request-Channel"),
                   req.header("Content-Encoding"),
                   a.reply.status,
                   a.code});
    stats.events_stored = events_taken;
    changed.notify_all();
    return std::move(a.reply);
}

answer fake_splunk_hec::impl::route(const http_request& req) {
    const std::string_view path = req.path();
    if (path == "/services/collector/health" || path == "/services/collector/health/1.0") {
        ++stats.health_checks;
        return hec_answer(200, 17, "HEC is healthy");
    }
    const bool event_path = path == "/services/collector" || path == "/services/collector/event" ||
                            path == "/services/collector/event/1.0";
    const bool ack_path = path == "/services/collector/ack";
    if (!event_path && !ack_path) {
        return hec_answer(404, 404, "The requested URL was not found on this server.");
    }
    if (req.method != "POST") return hec_answer(405, 405, "Method Not Allowed");
    if (auto refused = check_token(req)) return std::move(*refused);
    std::string channel = req.header("X-Splunk-Request-Channel");
    for (const auto& [key, value] : fake_sf::parse_params(req.query())) {
        if (key == "channel" && channel.empty()) channel = value;
    }
    return event_path ? event_request(req, channel) : ack_request(req, channel);
}

std::optional<answer> fake_splunk_hec::impl::check_token(const http_request& req) {
    const std::string auth = req.header("Authorization");
    if (auth.empty()) return hec_answer(401, 2, "Token is required");
    constexpr std::string_view scheme = "Splunk ";
    if (auth.size() <= scheme.size() || !fake_sf::iequals(auth.substr(0, scheme.size()), scheme)) {
        return hec_answer(401, 3, "Invalid authorization");
    }
    const std::string token = auth.substr(scheme.size());
    if (!options.disabled_token.empty() && token == options.disabled_token) {
        return hec_answer(403, 1, "Token disabled");
    }
    if (token != options.token) return hec_answer(403, 4, "Invalid token");
    return std::nullopt;
}

// Events are taken in order until the first bad one, which is refused with its position; the
// ones before it stay indexed. That is how the sink reads HEC's answer (hec_response.cpp); the
// fake follows the same assumption.
answer fake_splunk_hec::impl::event_request(const http_request& req, const std::string& channel) {
    ++stats.event_requests;
    const std::string encoding = req.header("Content-Encoding");
    const bool gzipped = fake_sf::iequals(encoding, "gzip");
    if (gzipped) ++stats.gzip_requests;
    if (!faults.empty()) {
        const queued_fault fault = faults.front();
        faults.pop_front();
        ++stats.faults_injected;
        return fault_answer(fault);
    }
    auto refuse = [this](int code, const char* text, std::optional<std::size_t> k = {}) {
        ++stats.invalid_requests;
        return hec_answer(400, code, text, k);
    };
    if (options.ack && channel.empty()) return refuse(10, "Data channel is missing");
    if (!channel.empty() && !is_guid(channel)) return refuse(11, "Invalid data channel");
    std::optional<std::string> inflated;
    if (gzipped && !(inflated = gunzip(req.body))) return refuse(6, "Invalid data format");
    const std::string_view body = inflated ? std::string_view(*inflated) : req.body;
    const split_body split = split_objects(body);
    if (split.objects.empty() && split.complete) return refuse(5, "No data");
    for (std::size_t i = 0; i < split.objects.size(); ++i) {
        if (const auto error = store(split.objects[i], channel)) {
            return refuse(error->code, error->text, i);
        }
    }
    if (!split.complete) return refuse(6, "Invalid data format", split.objects.size());
    ++stats.accepted_requests;
    if (!options.ack) return hec_answer(200, 0, "Success");
    const std::uint64_t id = next_ack_id[channel]++;
    ack_polls[{channel, id}] = 0;
    return {
        fake_sf::json_reply(200, fmt::format(R"({{"text":"Success","code":0,"ackId":{}}})", id)),
        0};
}

std::optional<event_error> fake_splunk_hec::impl::store(std::string_view object,
                                                        const std::string& channel) {
    constexpr event_error invalid{6, "Invalid data format"};
    simdjson::dom::object obj;
    if (parser.parse(object.data(), object.size()).get(obj) != simdjson::SUCCESS) return invalid;
    if (!options.reject_marker.empty() && object.find(options.reject_marker) != object.npos) {
        return invalid;
    }
    simdjson::dom::element event;
    if (obj["event"].get(event) != simdjson::SUCCESS)
        return event_error{12, "Event field is required"};
    std::string_view event_text;
    if (event.is_null() || (event.get(event_text) == simdjson::SUCCESS && event_text.empty())) {
        return event_error{13, "Event field cannot be blank"};
    }
    hec_stored_event stored;
    stored.event = simdjson::minify(event);
    stored.channel = channel;
    simdjson::dom::element value;
    if (obj["time"].get(value) == simdjson::SUCCESS) {
        if (!valid_time(value)) return invalid;
        stored.time = simdjson::minify(value);
    }
    if (obj["host"].get(value) == simdjson::SUCCESS) stored.host = text_of(value);
    if (obj["source"].get(value) == simdjson::SUCCESS) stored.source = text_of(value);
    if (obj["sourcetype"].get(value) == simdjson::SUCCESS) stored.sourcetype = text_of(value);
    if (obj["index"].get(value) == simdjson::SUCCESS) stored.index = text_of(value);
    if (!options.indexes.empty() &&
        std::find(options.indexes.begin(), options.indexes.end(), stored.index) ==
            options.indexes.end()) {
        return event_error{7, "Incorrect index"};
    }
    if (obj["fields"].get(value) == simdjson::SUCCESS && !read_fields(value, stored.fields)) {
        return event_error{15, "Error in handling indexed fields"};
    }
    ++events_taken;
    if (!options.count_only) events.push_back(std::move(stored));
    return std::nullopt;
}

answer fake_splunk_hec::impl::ack_request(const http_request& req, const std::string& channel) {
    ++stats.ack_queries;
    if (!options.ack || options.ack_policy == hec_ack_policy::disabled) {
        return hec_answer(400, 14, "ACK is disabled");
    }
    if (channel.empty()) return hec_answer(400, 10, "Data channel is missing");
    if (!is_guid(channel)) return hec_answer(400, 11, "Invalid data channel");
    simdjson::dom::array ids;
    if (parser.parse(req.body)["acks"].get(ids) != simdjson::SUCCESS) {
        return hec_answer(400, 6, "Invalid data format");
    }
    std::string body = R"({"acks":{)";
    bool first = true;
    for (const auto element : ids) {
        std::uint64_t id = 0;
        if (element.get(id) != simdjson::SUCCESS) return hec_answer(400, 6, "Invalid data format");
        const bool ready = ack_ready(channel, id);
        if (ready) ++stats.acks_reported;
        body += fmt::format(R"({}"{}":{})", first ? "" : ",", id, ready ? "true" : "false");
        first = false;
    }
    return {fake_sf::json_reply(200, body + "}}"), -1};
}

bool fake_splunk_hec::impl::ack_ready(const std::string& channel, std::uint64_t id) {
    const auto it = ack_polls.find({channel, id});
    if (it == ack_polls.end()) return false;  // unknown id or another channel's
    const int polls_before = it->second++;
    switch (options.ack_policy) {
        case hec_ack_policy::immediate:
            return true;
        case hec_ack_policy::after_polls:
            return polls_before >= options.ack_after_polls;
        case hec_ack_policy::never:
        case hec_ack_policy::disabled:
            return false;
    }
    return false;
}

fake_splunk_hec::fake_splunk_hec(fake_hec_options options) : impl_(std::make_unique<impl>()) {
    std::string cert = options.tls_cert_pem;
    std::string key = options.tls_key_pem;
    if (options.plain_http) {
        cert.clear();  // https_server serves plain HTTP without a certificate
        key.clear();
    } else if (cert.empty() || key.empty()) {
        tls_pki pki = make_tls_pki();
        cert = pki.server_cert_pem;
        key = pki.server_key_pem;
        impl_->ca_pem = pki.ca_cert_pem;
    } else {
        impl_->ca_pem = options.tls_ca_pem.empty() ? cert : options.tls_ca_pem;
    }
    impl_->options = std::move(options);
    // The handler holds only the impl, which outlives the server (stopped in the destructor).
    impl_->server = std::make_unique<fake_sf::https_server>(
        [state = impl_.get()](const http_request& req) { return state->handle(req); },
        std::move(cert),
        std::move(key));
    impl_->server->start(impl_->options.port);
    impl_->base_url = fmt::format(
        "{}://127.0.0.1:{}", impl_->options.plain_http ? "http" : "https", impl_->server->port());
}

fake_splunk_hec::~fake_splunk_hec() {
    impl_->server->stop();
}

std::string fake_splunk_hec::base_url() const {
    return impl_->base_url;
}

std::uint16_t fake_splunk_hec::port() const {
    return impl_->server->port();
}

std::string fake_splunk_hec::ca_cert_pem() const {
    return impl_->ca_pem;
}

std::string fake_splunk_hec::token() const {
    std::lock_guard lock(impl_->mu);
    return impl_->options.token;
}

void fake_splunk_hec::fail_next(hec_fault fault,
                                int count,
                                std::optional<std::chrono::seconds> retry_after) {
    std::lock_guard lock(impl_->mu);
    for (int i = 0; i < count; ++i) impl_->faults.push_back({fault, retry_after});
}

void fake_splunk_hec::set_reject_marker(std::string marker) {
    std::lock_guard lock(impl_->mu);
    impl_->options.reject_marker = std::move(marker);
}

void fake_splunk_hec::set_ack(bool enabled, hec_ack_policy policy, int after_polls) {
    std::lock_guard lock(impl_->mu);
    impl_->options.ack = enabled;
    impl_->options.ack_policy = policy;
    impl_->options.ack_after_polls = after_polls;
}

std::vector<hec_stored_event> fake_splunk_hec::events() const {
    std::lock_guard lock(impl_->mu);
    return impl_->events;
}

std::vector<hec_request_entry> fake_splunk_hec::requests() const {
    std::lock_guard lock(impl_->mu);
    return impl_->log;
}

fake_hec_stats fake_splunk_hec::stats() const {
    std::lock_guard lock(impl_->mu);
    return impl_->stats;
}

bool fake_splunk_hec::wait_for(const std::function<bool(const fake_hec_stats&)>& pred,
                               std::chrono::milliseconds timeout) const {
    std::unique_lock lock(impl_->mu);
    return impl_->changed.wait_for(lock, timeout, [&] { return pred(impl_->stats); });
}

}  // namespace sfc::test
