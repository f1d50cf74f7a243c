#pragma once
// The parts of one org's `salesforce:` section; salesforce_section.cpp puts them together.

#include <span>
#include <string>
#include <string_view>

#include "config/sections.hpp"

namespace sfc::config {

/// client_credentials: the consumer secret.
inline constexpr secret_keys client_secret_keys{
    "client_secret_file", "client_secret_env", "SF_CLIENT_SECRET", false};
/// jwt_bearer: the passphrase of an encrypted key or a PKCS#12 keystore.
inline constexpr secret_keys passphrase_keys{
    "private_key_passphrase_file", "private_key_passphrase_env", "SF_KEY_PASSPHRASE", false};

/// Every key the section may have, whatever the auth flow.
std::span<const std::string_view> salesforce_keys();

/// `client_secret:`, `private_key_passphrase:` and the like written inline: the secret belongs in
/// a file or an environment variable. Runs before the schema check so the message says so; never
/// echoes the value.
void reject_inline_salesforce_secrets(const yaml_reader& reader, const field& at);

/// A key that only the other auth flow uses (username with client_credentials, ...).
void reject_other_flow_keys(const yaml_reader& reader, const mapping& section, auth_flow flow);

/// "required value is missing or empty" for `key`, with where the operator finds the value.
[[noreturn]] void fail_missing(const yaml_reader& reader,
                               const mapping& section,
                               std::string_view key);

/// The value of `key`, which must be given and not empty.
std::string require_text(const yaml_reader& reader, const mapping& section, std::string_view key);

/// jwt_bearer: private_key, its passphrase and username. client_credentials: the client secret.
void read_credentials(const section_context& context,
                      const mapping& section,
                      salesforce_config& out);

/// With check_files: opens private_key now (with its passphrase), so a wrong file fails at
/// start-up on the config line that named it.
void check_key_file(const section_context& context,
                    const mapping& section,
                    const salesforce_config& config);

/// `proxy:` and `no_proxy:`, else HTTPS_PROXY / https_proxy and NO_PROXY / no_proxy.
proxy_config read_proxy(const yaml_reader& reader, const mapping& section);

/// max_api_share, max_concurrent_requests and limits_check_interval.
void read_api_limits(const yaml_reader& reader, const mapping& section, salesforce_config& out);

}  // namespace sfc::config
