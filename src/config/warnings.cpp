// Warnings, not errors: some deployments manage access by ACL or run a SIEM on a trusted
// network, and the operator decides. They name the setting, so the fix is one edit away.
#include "config/warnings.hpp"

#include "crypto/private_key.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view skip_verify_risk =
    "TLS certificates are NOT verified, so anyone on the network path can read what is sent; "
    "trust the server's CA with ca_file instead";

class warning_list {
public:
    void add(std::string text, bool at_start) { out_.push_back({std::move(text), at_start}); }

    /// A secret file other users can read (the passphrase, a client secret, a sink's secret).
    void secret_file(const std::string& who, std::string_view key, const secret_ref& ref) {
        if (ref.file.empty()) return;
        if (auto exposure = crypto::key_file_permission_warning(ref.file)) {
            add(who + ": " + std::string(key) + ": " + *exposure, true);
        }
    }

    std::vector<config_warning> take() { return std::move(out_); }

private:
    std::vector<config_warning> out_;
};

void org_warnings(const org_config& org, warning_list& out) {
    const std::string who = "org " + org.name;
    const auto& sf = org.salesforce;
    if (sf.auth == auth_flow::jwt_bearer && !sf.private_key.empty()) {
        // The org's connection logs this one at start-up itself.
        if (auto exposure = crypto::key_file_permission_warning(sf.private_key)) {
            out.add(who + ": salesforce.private_key: " + *exposure, false);
        }
        out.secret_file(who, "salesforce.private_key_passphrase_file", sf.private_key_passphrase);
    }
    if (sf.auth == auth_flow::client_credentials) {
        out.secret_file(who, "salesforce.client_secret_file", sf.client_secret);
    }
    if (sf.tls_insecure_skip_verify) {
        out.add(
            who + ": salesforce.tls_insecure_skip_verify is on: " + std::string(skip_verify_risk),
            false);
    }
}

void sink_warnings(const sink_config& sink, std::size_t index, warning_list& out) {
    const std::string who = "sinks[" + std::to_string(index) + "] (" + sink.name + ")";
    const bool http_like = sink.type == sink_type::http || sink.type == sink_type::elasticsearch ||
                           sink.type == sink_type::splunk_hec;
    if (http_like) out.secret_file(who, "secret_file", sink.http.secret);
    const bool skip =
        (http_like && sink.http.tls.insecure_skip_verify) ||
        (sink.type == sink_type::syslog && sink.syslog.transport == syslog_transport::tls &&
         sink.syslog.tls.insecure_skip_verify);
    if (skip) {
        out.add(who + ": tls.insecure_skip_verify is on: " + std::string(skip_verify_risk), false);
    }
    if (sink.type == sink_type::splunk_hec && sink.http.url.starts_with("http://")) {
        out.add(who +
                    ": url is http://: the HEC token and the events cross the network "
                    "unencrypted; use https:// unless the network to Splunk is trusted",
                false);
    }
}

}  // namespace

std::vector<config_warning> config_warnings(const collector_config& config) {
    warning_list out;
    for (const auto& org : config.orgs) org_warnings(org, out);
    for (std::size_t i = 0; i < config.sinks.size(); ++i) sink_warnings(config.sinks[i], i, out);
    return out.take();
}

}  // namespace sfc::config
