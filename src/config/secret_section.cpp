// Secrets named in the config: a `*_file` key (the file's first line) or an `*_env` key (a
// variable's name). The secret itself is read later, by whoever needs it; with check_files it is
// also read once here, only to check it, so `validate` refuses what the start would.

#include <algorithm>

#include "config/sections.hpp"
#include "util/secret.hpp"

namespace sfc::config {
namespace {

void wipe(std::string& secret) {
    volatile char* p = secret.data();
    for (std::size_t i = 0; i < secret.size(); ++i) p[i] = 0;
}

/// The *_env key names the variable; "${VAR}" would put the secret itself here.
std::string read_secret_env(const yaml_reader& reader, const field& at, const secret_keys& keys) {
    std::string example = std::string(keys.env_key) + ": " + std::string(keys.example_env);
    auto name = reader.read_text(at);
    if (name && name->from_env) {
        reader.fail(
            at,
            std::string(keys.env_key) + " takes the name of an environment variable, not its value",
            "write the name without ${ }, e.g. " + example);
    }
    if (!name) return {};
    if (!is_variable_name(name->value)) {
        // Not echoed: a secret pasted here by mistake must not reach the log.
        reader.fail(at,
                    "the value is not an environment variable name (not shown)",
                    "write the variable's name, letters, digits and '_', e.g. " + example);
    }
    return name->value;
}

/// With check_files, reads the secret now (and forgets it), so `validate` and the start refuse an
/// unreadable, empty, oversized or non-regular secret file, or an unset variable, with the same
/// line; otherwise a sink would fail only when it is made, after the start. Never echoes it.
void check_secret(const section_context& context,
                  const field& at,
                  const secret_ref& ref,
                  const secret_keys& keys) {
    const yaml_reader& reader = context.reader;
    std::string secret = read_secret_now(reader, at, ref);
    const auto refused = [&keys](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F || (keys.header_token && c == ' ');
    };
    const bool bad = std::any_of(secret.begin(), secret.end(), refused);
    wipe(secret);
    if (bad) {
        const std::string where =
            ref.env.empty() ? "the file's first line" : "environment variable " + ref.env;
        reader.fail(at,
                    where + " holds a control character" +
                        (keys.header_token ? " or a space" : " (tab, line break)"),
                    "write only the secret there");
    }
}

}  // namespace

std::string read_secret_now(const yaml_reader& reader, const field& at, const secret_ref& ref) {
    if (!ref.env.empty()) {
        auto value = reader.env()(ref.env);
        if (!value || value->empty()) {
            reader.fail(at,
                        "environment variable " + ref.env + (value ? " is empty" : " is not set"),
                        "export it in the collector's environment (systemd: Environment= or "
                        "EnvironmentFile=), or name a file instead");
        }
        return std::move(*value);
    }
    try {
        return util::read_secret(ref.file, {}, at.name);
    } catch (const util::secret_error& e) {
        throw config_error(format_error(reader.file_name(), at.line, "", e.what()));
    }
}

secret_ref read_secret_ref(const section_context& context,
                           const mapping& section,
                           const secret_keys& keys) {
    auto file_at = section.find(keys.file_key);
    auto env_at = section.find(keys.env_key);
    if (file_at && env_at) {
        const field& later = file_at->line > env_at->line ? *file_at : *env_at;
        context.reader.fail(
            later,
            std::string(keys.file_key) + " and " + std::string(keys.env_key) + " are both given",
            "keep one: the secret comes from a file or from a variable");
    }
    secret_ref out;
    if (file_at) {
        auto file = read_input_file(context, *file_at, secret_file);
        if (file) out.file = file->path;
    }
    if (env_at) out.env = read_secret_env(context.reader, *env_at, keys);
    if (context.options.check_files && !out.empty()) {
        check_secret(context, out.env.empty() ? *file_at : *env_at, out, keys);
    }
    return out;
}

}  // namespace sfc::config
