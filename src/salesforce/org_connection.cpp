#include "salesforce/org_connection.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "auth/client_credentials_provider.hpp"
#include "auth/jwt_bearer_provider.hpp"
#include "crypto/private_key.hpp"
#include "http/proxy.hpp"
#include "util/secret.hpp"

namespace sfc::salesforce {
namespace {

std::string host_of(const std::string& origin) {
    auto parts = http::parse_url(origin);
    if (!parts) throw std::runtime_error("not an http(s) URL: " + origin);
    return parts->host;
}

/// `key` is the config key without its suffix: errors name the one the operator wrote
/// ("salesforce.client_secret_file" or "..._env").
std::string read_secret(const config::secret_ref& ref, const std::string& key) {
    return util::read_secret(ref.file, ref.env, key + (ref.env.empty() ? "_file" : "_env"));
}

}  // namespace

http::client_options org_client_options(const config::salesforce_config& sf,
                                        const std::string& origin) {
    http::client_options o;
    o.tls.ca_file = sf.ca_file;
    o.tls.insecure_skip_verify = sf.tls_insecure_skip_verify;
    o.user_agent = std::string("sfcollector/") + SFC_VERSION_STRING;
    o.proxy = http::proxy_for(host_of(origin), sf.proxy.url, sf.proxy.no_proxy);
    return o;
}

org_origins origins_of(const config::salesforce_config& sf) {
    const auto origin = [](const std::string& url) {
        auto parts = http::parse_https_url(url);
        if (!parts) throw std::runtime_error("not an https URL: " + url);
        return parts->origin();
    };
    org_origins out;
    out.instance = origin(sf.instance_url);
    out.token =
        sf.auth == config::auth_flow::client_credentials ? out.instance : origin(sf.login_url);
    return out;
}

std::unique_ptr<auth::token_provider> make_token_provider(const config::salesforce_config& sf,
                                                          http::client& token_endpoint,
                                                          const sfc::clock& clock) {
    if (sf.auth == config::auth_flow::client_credentials) {
        auth::client_credentials_settings s;
        s.client_id = sf.client_id;
        s.client_secret = read_secret(sf.client_secret, "salesforce.client_secret");
        return std::make_unique<auth::client_credentials_provider>(token_endpoint, std::move(s));
    }
    std::optional<std::string> passphrase;
    if (!sf.private_key_passphrase.empty()) {
        passphrase = read_secret(sf.private_key_passphrase, "salesforce.private_key_passphrase");
    }
    auth::jwt_bearer_settings s{crypto::load_private_key_file(sf.private_key, passphrase),
                                sf.client_id,
                                sf.username,
                                sf.audience.empty() ? sf.login_url : sf.audience};
    return std::make_unique<auth::jwt_bearer_provider>(token_endpoint, std::move(s), clock);
}

void log_connection_warnings(const config::org_config& org, const org_origins& origins) {
    const auto& sf = org.salesforce;
    if (sf.tls_insecure_skip_verify) {
        spdlog::warn(
            "org {}: salesforce.tls_insecure_skip_verify is on: TLS certificates are NOT "
            "verified; anyone on the network path can read the access token",
            org.name);
    }
    if (sf.auth == config::auth_flow::jwt_bearer) {
        if (auto warning = crypto::key_file_permission_warning(sf.private_key)) {
            spdlog::warn("org {}: {}", org.name, *warning);
        }
    }
    const auto log_proxy = [&](const std::string& origin) {
        if (auto proxy = http::proxy_for(host_of(origin), sf.proxy.url, sf.proxy.no_proxy)) {
            spdlog::info("org {}: {} through proxy {}{}",
                         org.name,
                         origin,
                         proxy->display,
                         sf.proxy.from_env ? " (from HTTPS_PROXY in the environment)" : "");
        }
    };
    log_proxy(origins.token);
    if (origins.instance != origins.token) log_proxy(origins.instance);
}

}  // namespace sfc::salesforce
