// `salesforce:`: the values from the set-up guide for the chosen auth flow, plus where to log
// in, TLS trust, proxy and API limits.

#include "config/api_version.hpp"
#include "config/salesforce_parts.hpp"
#include "config/url.hpp"

namespace sfc::config {
namespace {

/// A required value and where the operator finds it.
struct required_value {
    std::string_view key;
    std::string_view hint;
};

constexpr required_value required_values[] = {
    {"private_key",
     "set it to the path of server.pem (see 'Creating a Private Key and "
     "Self-Signed Digital Certificate', Step 6 in the set-up guide), or use auth: "
     "client_credentials with client_secret_file"},
    {"username",
     "set it to the integration user's username, e.g. integration@example.com "
     "(Setup → Users)"},
    {"client_id",
     "set it to the Consumer Key: see 'How to Find Client ID (Consumer Key)' in "
     "the set-up guide"},
    {"client_secret_file",
     "auth: client_credentials needs the Consumer Secret (shown beside the Consumer Key, see "
     "'How to Find Client ID (Consumer Key)' in the set-up guide): set client_secret_file: to a "
     "file holding it on its first line, or client_secret_env: to a variable's name"},
    {"instance_url",
     "set it to the Current My Domain URL (Setup → My Domain), e.g. "
     "https://company.my.salesforce.com"},
    {"api_version",
     "set it to the API version, e.g. \"64.0\" (Setup → Apex Classes, Api "
     "Version column)"},
};

template <class Parse>
auto require_as(const yaml_reader& reader,
                const mapping& section,
                std::string_view key,
                Parse parse) {
    auto entry = section.find(key);
    auto value = entry ? reader.read_as(*entry, parse) : std::nullopt;
    if (!value) fail_missing(reader, section, key);
    return *value;
}

auth_flow read_auth(const yaml_reader& reader, const mapping& section) {
    auto at = section.find("auth");
    if (!at) return auth_flow::jwt_bearer;
    return reader
        .read_choice<auth_flow>(*at,
                                "supported auth flow",
                                {{"jwt_bearer", auth_flow::jwt_bearer},
                                 {"client_credentials", auth_flow::client_credentials}})
        .value_or(auth_flow::jwt_bearer);
}

/// login_url and audience (jwt_bearer only: reject_other_flow_keys refused them otherwise).
void read_login(const yaml_reader& reader, const mapping& section, salesforce_config& out) {
    reader.read_into(section, "login_url", normalize_base_url, out.login_url);
    out.audience = out.login_url;
    if (auto at = section.find("audience")) {
        auto audience = reader.read_text(*at);
        if (audience) out.audience = audience->value;
        if (out.audience.ends_with('/')) out.audience.pop_back();
    }
}

constexpr input_file_kind certificate_kind{"the certificate uploaded to Salesforce (server.crt)",
                                           platform::max_key_file_size,
                                           std::nullopt};  // check reads PEM or DER

void read_tls_trust(const section_context& context,
                    const mapping& section,
                    salesforce_config& out) {
    if (auto at = section.find("ca_file")) {
        if (auto file = read_input_file(context, *at, ca_bundle_file)) out.ca_file = file->path;
    }
    if (auto at = section.find("certificate")) {
        auto file = read_input_file(context, *at, certificate_kind);
        if (file) out.certificate = file->path;
    }
    if (auto at = section.find("tls_insecure_skip_verify")) {
        out.tls_insecure_skip_verify = context.reader.read_bool(*at).value_or(false);
    }
}

}  // namespace

void fail_missing(const yaml_reader& reader, const mapping& section, std::string_view key) {
    std::string_view hint;
    for (const auto& value : required_values) {
        if (value.key == key) hint = value.hint;
    }
    auto entry = section.find(key);
    int line = entry ? entry->line : section.self().line;
    reader.fail(line,
                section.self().name + "." + std::string(key),
                "required value is missing or empty",
                hint);
}

std::string require_text(const yaml_reader& reader, const mapping& section, std::string_view key) {
    auto entry = section.find(key);
    auto text = entry ? reader.read_text(*entry) : std::nullopt;
    if (!text) fail_missing(reader, section, key);
    return text->value;
}

/// Client credentials tokens come only from the org's My Domain: the shared login hosts answer
/// "request not supported on this domain", so say so before the first login.
void require_my_domain(const yaml_reader& reader,
                       const mapping& section,
                       const salesforce_config& out) {
    if (out.auth != auth_flow::client_credentials) return;
    for (std::string_view shared :
         {"https://login.salesforce.com", "https://test.salesforce.com"}) {
        if (out.instance_url != shared) continue;
        reader.fail(*section.find("instance_url"),
                    "auth: client_credentials needs the org's My Domain, not the shared login "
                    "host",
                    "write the My Domain URL from Setup > My Domain, e.g. "
                    "https://company.my.salesforce.com");
    }
}

salesforce_config read_salesforce(const section_context& context, const field& at) {
    const yaml_reader& reader = context.reader;
    reject_inline_salesforce_secrets(reader, at);
    mapping section = reader.read_mapping(at, salesforce_keys());
    salesforce_config out;
    out.auth = read_auth(reader, section);
    reject_other_flow_keys(reader, section, out.auth);
    read_credentials(context, section, out);
    out.client_id = require_text(reader, section, "client_id");
    out.instance_url = require_as(reader, section, "instance_url", normalize_base_url);
    require_my_domain(reader, section, out);
    out.api_version = require_as(reader, section, "api_version", normalize_api_version);
    read_login(reader, section, out);
    read_tls_trust(context, section, out);
    out.proxy = read_proxy(reader, section);
    read_api_limits(reader, section, out);
    // Last, so a typo elsewhere is reported before the slower file check.
    if (context.options.check_files) check_key_file(context, section, out);
    return out;
}

}  // namespace sfc::config
