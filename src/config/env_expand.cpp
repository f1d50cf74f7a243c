#include "config/env_expand.hpp"

#include <cstdlib>

#include "config/config_error.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view syntax_fix =
    "write ${NAME} or ${NAME:-default} (NAME: letters, digits, '_'), or $$ for a literal '$'";

bool is_name_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9');
}

/// The value of one `${...}` body (the text between the braces).
std::string expand_reference(std::string_view body, const env_lookup& env) {
    auto separator = body.find(":-");
    std::string_view name = body.substr(0, separator);
    if (!is_variable_name(name)) {
        throw value_error("'${" + std::string(name) + "}' is not a valid variable reference",
                          std::string(syntax_fix));
    }
    auto value = env(std::string(name));
    if (separator != std::string_view::npos) {
        if (value && !value->empty()) return *value;
        return std::string(body.substr(separator + 2));
    }
    if (!value) {
        throw value_error("environment variable " + std::string(name) + " is not set",
                          "set " + std::string(name) +
                              " for the collector (e.g. in the systemd "
                              "unit's EnvironmentFile) or write ${" +
                              std::string(name) + ":-default}");
    }
    return *value;
}

}  // namespace

bool is_variable_name(std::string_view name) {
    if (name.empty() || !is_name_start(name.front())) return false;
    for (char c : name) {
        if (!is_name_char(c)) return false;
    }
    return true;
}

env_lookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

expanded_text expand_env(std::string_view text, const env_lookup& env) {
    expanded_text out;
    out.value.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto dollar = text.find('$', pos);
        out.value.append(text.substr(pos, dollar - pos));
        if (dollar == std::string_view::npos) break;
        std::string_view rest = text.substr(dollar + 1);
        if (rest.starts_with('$')) {
            out.value.push_back('$');
            pos = dollar + 2;
        } else if (rest.starts_with('{')) {
            auto close = rest.find('}');
            if (close == std::string_view::npos) {
                throw value_error("'${' is not closed by '}'", std::string(syntax_fix));
            }
            out.value.append(expand_reference(rest.substr(1, close - 1), env));
            out.from_env = true;
            pos = dollar + 1 + close + 1;
        } else {
            out.value.push_back('$');
            pos = dollar + 1;
        }
    }
    return out;
}

}  // namespace sfc::config
