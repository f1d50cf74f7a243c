// `salesforce:`: the five values from the set-up guide, plus where to log in and TLS trust.

#include "config/api_version.hpp"
#include "config/sections.hpp"
#include "config/url.hpp"
#include "crypto/private_key.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view guide_step6 =
    "'Creating a Private Key and Self-Signed Digital Certificate', Step 6 in the set-up guide";

/// A required value and where the operator finds it.
struct required_value {
    std::string_view key;
    std::string_view hint;
};

constexpr required_value required_values[] = {
    {"private_key",
     "set it to the path of server.pem (see 'Creating a Private Key and "
     "Self-Signed Digital Certificate', Step 6 in the set-up guide)"},
    {"username",
     "set it to the integration user's username, e.g. integration@example.com "
     "(Setup → Users)"},
    {"client_id",
     "set it to the Consumer Key: see 'How to Find Client ID (Consumer Key)' in "
     "the set-up guide"},
    {"instance_url",
     "set it to the Current My Domain URL (Setup → My Domain), e.g. "
     "https://company.my.salesforce.com"},
    {"api_version",
     "set it to the API version, e.g. \"64.0\" (Setup → Apex Classes, Api "
     "Version column)"},
};

[[noreturn]] void fail_missing(const yaml_reader& reader,
                               const mapping& section,
                               std::string_view key) {
    std::string_view hint;
    for (const auto& value : required_values) {
        if (value.key == key) hint = value.hint;
    }
    auto entry = section.find(key);
    int line = entry ? entry->line : section.self().line;
    reader.fail(line, "salesforce." + std::string(key), "required value is missing or empty", hint);
}

std::string require_text(const yaml_reader& reader, const mapping& section, std::string_view key) {
    auto entry = section.find(key);
    auto text = entry ? reader.read_text(*entry) : std::nullopt;
    if (!text) fail_missing(reader, section, key);
    return text->value;
}

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

void replace_all(std::string& text, const std::string& from, std::string_view to) {
    if (from.empty()) return;
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
}

/// Loads the key now, so a wrong file fails at start-up with the config line that named it.
void check_key_file(const yaml_reader& reader, const field& at, const path_value& key) {
    try {
        (void)crypto::load_private_key_file(key.path);
    } catch (const crypto::key_error& e) {
        std::string message = e.what();
        if (key.from_env) replace_all(message, key.path.string(), "the key file");
        throw config_error(format_error(reader.file_name(), at.line, at.name, message));
    }
}

path_value require_key_path(const section_context& context, const mapping& section) {
    auto entry = section.find("private_key");
    auto key = entry ? read_path(context, *entry) : std::nullopt;
    if (!key) fail_missing(context.reader, section, "private_key");
    return *key;
}

/// The optional keys; the required ones are already in `out`.
void read_optional(const section_context& context, const mapping& section, salesforce_config& out) {
    const yaml_reader& reader = context.reader;
    if (auto at = section.find("login_url")) {
        out.login_url = reader.read_as(*at, normalize_base_url).value_or(out.login_url);
    }
    out.audience = out.login_url;
    if (auto at = section.find("audience")) {
        auto audience = reader.read_text(*at);
        if (audience) out.audience = audience->value;
        if (out.audience.ends_with('/')) out.audience.pop_back();
    }
    if (auto at = section.find("ca_file")) {
        if (auto file = read_input_file(context, *at, "a PEM CA bundle")) out.ca_file = file->path;
    }
    if (auto at = section.find("tls_insecure_skip_verify")) {
        out.tls_insecure_skip_verify = reader.read_bool(*at).value_or(false);
    }
}

}  // namespace

salesforce_config read_salesforce(const section_context& context, const std::optional<field>& at) {
    const yaml_reader& reader = context.reader;
    if (!at) {
        reader.fail(0,
                    "salesforce",
                    "required section is missing",
                    "add it with private_key, username, client_id, instance_url and api_version "
                    "(the five values from the set-up guide; see config/sfcollector.yaml)");
    }
    mapping section = reader.read_mapping(*at,
                                          {"private_key",
                                           "username",
                                           "client_id",
                                           "instance_url",
                                           "api_version",
                                           "login_url",
                                           "audience",
                                           "ca_file",
                                           "tls_insecure_skip_verify"});
    salesforce_config out;
    path_value key = require_key_path(context, section);
    out.private_key = key.path;
    out.username = require_text(reader, section, "username");
    out.client_id = require_text(reader, section, "client_id");
    out.instance_url = require_as(reader, section, "instance_url", normalize_base_url);
    out.api_version = require_as(reader, section, "api_version", normalize_api_version);
    read_optional(context, section, out);
    // Last, so a typo elsewhere is reported before the slower file check.
    if (context.options.check_files) check_key_file(reader, *section.find("private_key"), key);
    return out;
}

}  // namespace sfc::config
