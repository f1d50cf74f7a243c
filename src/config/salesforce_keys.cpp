// Which `salesforce:` keys each auth flow takes, and the secrets that must not be written inline.

#include <array>

#include "config/salesforce_parts.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

using flow_set = unsigned;

constexpr flow_set bit(auth_flow flow) {
    return 1u << static_cast<unsigned>(flow);
}

constexpr flow_set jwt = bit(auth_flow::jwt_bearer);
constexpr flow_set client = bit(auth_flow::client_credentials);
constexpr flow_set both = jwt | client;

struct salesforce_key {
    std::string_view key;
    flow_set flows;
};

constexpr salesforce_key key_table[] = {
    {"auth", both},
    {"private_key", jwt},
    {"certificate", jwt},
    {"private_key_passphrase_file", jwt},
    {"private_key_passphrase_env", jwt},
    {"username", jwt},
    {"client_id", both},
    {"client_secret_file", client},
    {"client_secret_env", client},
    {"instance_url", both},
    {"api_version", both},
    {"login_url", jwt},
    {"audience", jwt},
    {"ca_file", both},
    {"tls_insecure_skip_verify", both},
    {"proxy", both},
    {"no_proxy", both},
    {"max_api_share", both},
    {"max_concurrent_requests", both},
    {"limits_check_interval", both},
};

constexpr auto key_names = [] {
    std::array<std::string_view, std::size(key_table)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = key_table[i].key;
    return out;
}();

/// A secret written inline, and the keys that name it instead.
struct inline_secret {
    std::string_view key;
    const secret_keys* instead;
};

constexpr inline_secret inline_secrets[] = {
    {"client_secret", &client_secret_keys},
    {"consumer_secret", &client_secret_keys},
    {"secret", &client_secret_keys},
    {"private_key_passphrase", &passphrase_keys},
    {"passphrase", &passphrase_keys},
    {"key_passphrase", &passphrase_keys},
};

std::string_view flow_word(auth_flow flow) {
    return flow == auth_flow::jwt_bearer ? "jwt_bearer" : "client_credentials";
}

/// Why a key of the other flow is refused, and what to do.
std::string other_flow_fix(auth_flow flow) {
    if (flow == auth_flow::client_credentials) {
        return "remove it: with auth: client_credentials the collector sends client_id and the "
               "client secret to instance_url and acts as the app's Run As user ('Enable Client "
               "Credentials Flow', Step 14 in the set-up guide)";
    }
    return "remove it (the JWT bearer flow signs with private_key and needs no consumer secret), "
           "or set auth: client_credentials";
}

}  // namespace

std::span<const std::string_view> salesforce_keys() {
    return key_names;
}

void reject_inline_salesforce_secrets(const yaml_reader& reader, const field& at) {
    if (!at.node.IsMap()) return;  // read_mapping reports it
    for (auto it = at.node.begin(); it != at.node.end(); ++it) {
        if (!it->first.IsScalar()) continue;
        std::string key = lower_ascii(it->first.Scalar());
        for (const auto& secret : inline_secrets) {
            if (key != secret.key) continue;
            int line = it->first.Mark().line >= 0 ? it->first.Mark().line + 1 : at.line;
            const secret_keys& keys = *secret.instead;
            reader.fail(line,
                        at.name + "." + it->first.Scalar(),
                        "secrets are not written in the config file",
                        "put it in a file only the sfcollector user can read and write " +
                            std::string(keys.file_key) +
                            ": /etc/sfcollector/<name>, or name an "
                            "environment variable with " +
                            std::string(keys.env_key) + ": " + std::string(keys.example_env));
        }
    }
}

void reject_other_flow_keys(const yaml_reader& reader, const mapping& section, auth_flow flow) {
    for (const auto& entry : key_table) {
        if ((entry.flows & bit(flow)) != 0) continue;
        if (auto at = section.find(entry.key)) {
            auth_flow other = flow == auth_flow::jwt_bearer ? auth_flow::client_credentials
                                                            : auth_flow::jwt_bearer;
            reader.fail(*at,
                        "applies only to auth: " + std::string(flow_word(other)) +
                            " (this org has auth: " + std::string(flow_word(flow)) + ")",
                        other_flow_fix(flow));
        }
    }
}

}  // namespace sfc::config
