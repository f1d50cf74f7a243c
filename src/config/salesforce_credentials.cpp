// The secrets each auth flow needs, and the private key opened at start-up with its passphrase.

#include <optional>

#include "config/salesforce_parts.hpp"
#include "crypto/private_key.hpp"

namespace sfc::config {
namespace {

void replace_all(std::string& text, const std::string& from, std::string_view to) {
    if (from.empty()) return;
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
}

std::optional<std::string> read_passphrase(const yaml_reader& reader,
                                           const mapping& section,
                                           const secret_ref& ref) {
    if (ref.empty()) return std::nullopt;
    auto at = section.find(ref.env.empty() ? passphrase_keys.file_key : passphrase_keys.env_key);
    return read_secret_now(reader, *at, ref);
}

}  // namespace

void read_credentials(const section_context& context,
                      const mapping& section,
                      salesforce_config& out) {
    const yaml_reader& reader = context.reader;
    if (out.auth == auth_flow::client_credentials) {
        out.client_secret = read_secret_ref(context, section, client_secret_keys);
        if (out.client_secret.empty()) fail_missing(reader, section, client_secret_keys.file_key);
        return;
    }
    auto key_at = section.find("private_key");
    auto key = key_at ? read_path(context, *key_at) : std::nullopt;
    if (!key) fail_missing(reader, section, "private_key");
    out.private_key = key->path;
    out.private_key_passphrase = read_secret_ref(context, section, passphrase_keys);
    out.username = require_text(reader, section, "username");
}

void check_key_file(const section_context& context,
                    const mapping& section,
                    const salesforce_config& config) {
    if (config.auth != auth_flow::jwt_bearer) return;
    const yaml_reader& reader = context.reader;
    auto passphrase = read_passphrase(reader, section, config.private_key_passphrase);
    field at = *section.find("private_key");
    try {
        (void)crypto::load_private_key_file(config.private_key, passphrase);
    } catch (const crypto::key_error& e) {
        std::string message = e.what();
        // A path from the environment may say more than the operator wants logged.
        if (reader.read_text(at)->from_env) {
            replace_all(message, config.private_key.string(), "the key file");
        }
        throw config_error(format_error(reader.file_name(), at.line, at.name, message));
    }
}

}  // namespace sfc::config
