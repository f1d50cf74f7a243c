#include "config/env_expand.hpp"

#include <cstdlib>
#include <string>

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

// `${A:-${B:-x}}` nests; a config that goes deeper than this is a mistake (or a fuzzer), and
// the limit keeps the recursion's stack small.
constexpr int max_nesting = 8;

expanded_text expand(std::string_view text, const env_lookup& env, int depth);

/// Where the `}` that closes the `${` just before `body_start` is: nested `${...}` and `$$`
/// inside a default are skipped. npos when it is not closed.
std::size_t closing_brace(std::string_view text, std::size_t body_start) {
    int open = 1;
    for (std::size_t i = body_start; i < text.size(); ++i) {
        if (text[i] == '$' && i + 1 < text.size() && (text[i + 1] == '$' || text[i + 1] == '{')) {
            if (text[i + 1] == '{') ++open;
            ++i;
        } else if (text[i] == '}' && --open == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

/// The value of one `${...}` body (the text between the braces); a default is itself expanded,
/// so `${A:-${B}}` is B's value when A is unset or empty.
std::string expand_reference(std::string_view body, const env_lookup& env, int depth) {
    auto separator = body.find(":-");
    std::string_view name = body.substr(0, separator);
    if (!is_variable_name(name)) {
        throw value_error("'${" + std::string(name) + "}' is not a valid variable reference",
                          std::string(syntax_fix));
    }
    auto value = env(std::string(name));
    if (separator != std::string_view::npos) {
        if (value && !value->empty()) return *value;
        return expand(body.substr(separator + 2), env, depth + 1).value;
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

expanded_text expand(std::string_view text, const env_lookup& env, int depth) {
    if (depth > max_nesting) {
        throw value_error(
            "${...} references are nested more than " + std::to_string(max_nesting) + " deep",
            "nest fewer defaults");
    }
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
            auto close = closing_brace(rest, 1);
            if (close == std::string_view::npos) {
                throw value_error("'${' is not closed by '}'", std::string(syntax_fix));
            }
            out.value.append(expand_reference(rest.substr(1, close - 1), env, depth));
            out.from_env = true;
            pos = dollar + 1 + close + 1;
        } else {
            out.value.push_back('$');
            pos = dollar + 1;
        }
    }
    return out;
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
    return expand(text, env, 0);
}

}  // namespace sfc::config
