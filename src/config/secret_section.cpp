// Secrets named in the config: a `*_file` key (the file's first line) or an `*_env` key (a
// variable's name). The secret itself is read later, by whoever needs it.

#include "config/sections.hpp"

namespace sfc::config {
namespace {

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

}  // namespace

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
        auto file =
            read_input_file(context, *file_at, "a file holding the secret on its first line");
        if (file) out.file = file->path;
    }
    if (env_at) out.env = read_secret_env(context.reader, *env_at, keys);
    return out;
}

}  // namespace sfc::config
