// `type: http`, `elasticsearch` and `splunk_hec` sinks: events POSTed to an HTTP(S) endpoint.

#include <algorithm>

#include "config/duration.hpp"
#include "config/sink_sections.hpp"
#include "config/url.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view secret_fix =
    "add secret_file: /etc/sfcollector/<name> (a file only the sfcollector user can read, the "
    "secret on its first line) or secret_env: VARIABLE";

std::string_view example_url(sink_type type) {
    switch (type) {
        case sink_type::elasticsearch:
            return "write url: https://es.example.com:9200 (the cluster's base URL)";
        case sink_type::splunk_hec:
            return "write url: https://splunk.example.com:8088 (the HEC base URL)";
        default:
            return "write url: https://collector.example.com/ingest (the endpoint events are "
                   "POSTed to)";
    }
}

/// Elasticsearch's index naming rules, so a bad name fails at start-up, not on every bulk
/// request.
std::string check_elasticsearch_index(const std::string& name) {
    constexpr std::string_view forbidden = " \\/*?\"<>|,#:";
    bool bad = std::any_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'A' && c <= 'Z') || forbidden.find(c) != std::string_view::npos;
    });
    if (bad || name.starts_with('-') || name.starts_with('_') || name.starts_with('+') ||
        name == "." || name == ".." || name.size() > 255) {
        throw value_error("not a valid Elasticsearch index name",
                          "use lower-case letters, digits and '-', e.g. logs-salesforce-default");
    }
    return name;
}

/// Splunk index names: lower-case letters, digits, '_' and '-', not starting with '_' or '-'.
std::string check_splunk_index(const std::string& name) {
    bool bad = !std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (bad || name.starts_with('_') || name.starts_with('-')) {
        throw value_error("not a valid Splunk index name",
                          "use lower-case letters, digits, '_' and '-', e.g. salesforce");
    }
    return name;
}

std::chrono::seconds parse_positive_duration(const std::string& text) {
    auto value = parse_duration(text);
    if (value.count() == 0) throw value_error("the duration is zero", "use at least 1s, e.g. 30s");
    return value;
}

std::string read_url(const yaml_reader& reader, const mapping& sink, sink_type type) {
    auto at = sink.find("url");
    auto url = at ? reader.read_as(*at, normalize_sink_url) : std::nullopt;
    if (!url) {
        reader.fail(at ? at->line : item_line(sink),
                    sink.self().name + ".url",
                    "a " + std::string(sink_type_word(type)) + " sink needs a url",
                    example_url(type));
    }
    // Elasticsearch and Splunk URLs are bases the sink appends its API path to.
    if (type != sink_type::http) {
        while (url->ends_with('/')) url->pop_back();  // the host ends before any '/'
    }
    return *url;
}

void read_index(const yaml_reader& reader,
                const mapping& sink,
                sink_type type,
                http_sink_config& out) {
    auto at = sink.find("index");
    if (at) {
        auto check =
            type == sink_type::elasticsearch ? check_elasticsearch_index : check_splunk_index;
        out.index = reader.read_as(*at, check).value_or("");
    }
    if (type == sink_type::elasticsearch && out.index.empty()) {
        reader.fail(at ? at->line : item_line(sink),
                    sink.self().name + ".index",
                    "an elasticsearch sink needs an index",
                    "write index: logs-salesforce-default (an index or data stream the user may "
                    "write to)");
    }
}

void read_splunk_options(const yaml_reader& reader, const mapping& sink, http_sink_config& out) {
    if (auto at = sink.find("sourcetype")) {
        out.sourcetype = reader.read_text(*at).value_or(expanded_text{}).value;
    }
    if (auto at = sink.find("source")) {
        out.source = reader.read_text(*at).value_or(expanded_text{out.source, false}).value;
    }
    if (auto at = sink.find("ack")) out.hec_ack = reader.read_bool(*at).value_or(false);
    if (auto at = sink.find("ack_timeout")) {
        if (!out.hec_ack) {
            reader.fail(*at,
                        "ack_timeout applies only with ack: true",
                        "remove it, or set ack: true to wait for indexer acknowledgement");
        }
        out.hec_ack_timeout =
            reader.read_as(*at, parse_positive_duration).value_or(out.hec_ack_timeout);
    }
}

void read_auth(const yaml_reader& reader, const mapping& sink, http_sink_config& out) {
    auto at = sink.find("auth");
    if (at) {
        out.auth = reader
                       .read_choice<http_auth>(*at,
                                               "auth method",
                                               {{"none", http_auth::none},
                                                {"basic", http_auth::basic},
                                                {"bearer", http_auth::bearer},
                                                {"api_key", http_auth::api_key}})
                       .value_or(out.auth);
    }
    auto user_at = sink.find("username");
    if (user_at) out.username = reader.read_text(*user_at).value_or(expanded_text{}).value;
    if (user_at && out.auth != http_auth::basic) {
        reader.fail(
            *user_at, "username applies only to auth: basic", "remove it, or set auth: basic");
    }
}

std::string_view auth_word(http_auth auth) {
    switch (auth) {
        case http_auth::basic:
            return "basic";
        case http_auth::bearer:
            return "bearer";
        case http_auth::api_key:
            return "api_key";
        case http_auth::none:
            break;
    }
    return "none";
}

/// The secret each auth method needs, and none where it would go unused.
void check_credentials(const yaml_reader& reader,
                       const mapping& sink,
                       sink_type type,
                       const http_sink_config& out) {
    int line = item_line(sink);
    const std::string& item = sink.self().name;
    if (type == sink_type::splunk_hec) {
        if (out.secret.empty()) {
            reader.fail(
                line, item + ".secret_file", "a splunk_hec sink needs its HEC token", secret_fix);
        }
        return;
    }
    auto auth_at = sink.find("auth");
    int auth_line = auth_at ? auth_at->line : line;
    if (out.auth == http_auth::basic && out.username.empty()) {
        reader.fail(auth_line,
                    item + ".username",
                    "auth: basic needs a username",
                    "add username: with the user the collector sends events as");
    }
    if (out.auth != http_auth::none && out.secret.empty()) {
        reader.fail(
            auth_line,
            item + ".secret_file",
            "auth: " + std::string(auth_word(out.auth)) + " needs a password, token or API key",
            secret_fix);
    }
    if (out.auth == http_auth::none && !out.secret.empty()) {
        auto secret_at =
            sink.find("secret_file") ? sink.find("secret_file") : sink.find("secret_env");
        reader.fail(*secret_at,
                    "a secret is given but auth is none",
                    "set auth: basic, bearer or api_key, or remove the secret");
    }
}

/// The HTTP client has no client certificates and no SNI override yet; the sinks would refuse
/// them only once made, after the start, so the config refuses them here.
void check_tls_keys(const yaml_reader& reader, const field& tls_at) {
    mapping tls = reader.read_mapping(
        tls_at, {"ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify"});
    for (const std::string_view key : {"cert_file", "key_file", "server_name"}) {
        if (auto at = tls.find(key)) {
            reader.fail(*at,
                        "not supported for http, elasticsearch and splunk_hec sinks yet",
                        key == "server_name" ? "remove it and put the name the certificate "
                                               "carries in url"
                                             : "remove it; authenticate with auth: and a secret");
        }
    }
}

}  // namespace

http_sink_config read_http_sink(const section_context& context,
                                const mapping& sink,
                                sink_type type) {
    const yaml_reader& reader = context.reader;
    http_sink_config out;
    out.url = read_url(reader, sink, type);
    read_index(reader, sink, type, out);
    read_splunk_options(reader, sink, out);
    read_auth(reader, sink, out);
    out.secret = read_secret_ref(context,
                                 sink,
                                 {"secret_file",
                                  "secret_env",
                                  "ES_PASSWORD",
                                  /*header_token=*/type == sink_type::splunk_hec});
    check_credentials(reader, sink, type, out);
    if (auto at = sink.find("gzip")) out.gzip = reader.read_bool(*at).value_or(out.gzip);
    if (auto at = sink.find("request_timeout")) {
        out.request_timeout =
            reader.read_as(*at, parse_positive_duration).value_or(out.request_timeout);
    }
    if (auto at = sink.find("tls")) {
        if (out.url.starts_with("http://")) {
            reader.fail(
                *at, "tls applies only to https:// URLs", "remove it, or write https:// in url");
        }
        check_tls_keys(reader, *at);
        out.tls = read_tls(context, *at);
    }
    return out;
}

}  // namespace sfc::config
