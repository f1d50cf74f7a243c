// `proxy:` and `no_proxy:` of one org, falling back to the environment the way curl does, so a
// collector behind a corporate proxy works with the variables the host already sets.

#include <array>

#include "config/proxy_url.hpp"
#include "config/salesforce_parts.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

constexpr std::array<std::string_view, 2> proxy_variables = {"HTTPS_PROXY", "https_proxy"};
constexpr std::array<std::string_view, 2> no_proxy_variables = {"NO_PROXY", "no_proxy"};

struct env_value {
    std::string name;
    std::string value;
};

/// The first of `names` set to a non-empty value (an empty variable counts as unset, as in curl).
std::optional<env_value> first_set(const yaml_reader& reader,
                                   std::span<const std::string_view> names) {
    for (auto name : names) {
        auto value = reader.env()(std::string(name));
        if (value && !value->empty()) return env_value{std::string(name), *value};
    }
    return std::nullopt;
}

/// Parses an environment value; an error names the variable and never shows its value.
template <class Parse>
auto parse_env(const yaml_reader& reader,
               const mapping& section,
               std::string_view key,
               const env_value& variable,
               Parse parse) {
    try {
        return parse(variable.value);
    } catch (const value_error& e) {
        reader.fail(section.self().line,
                    section.self().name + "." + std::string(key),
                    variable.name + " in the environment: " + e.problem() + " (value not shown)",
                    e.fix() + "; fix the variable, or set " + std::string(key) +
                        ": in this section to override it");
    }
}

std::vector<std::string> read_no_proxy(const yaml_reader& reader, const field& at) {
    if (!at.node.IsSequence())
        return reader.read_as(at, parse_no_proxy_list).value_or(std::vector<std::string>{});
    std::vector<std::string> out;
    for (const auto& item : reader.read_list(at)) {
        if (auto entry = reader.read_as(item, normalize_no_proxy_entry)) out.push_back(*entry);
    }
    return out;
}

}  // namespace

proxy_config read_proxy(const yaml_reader& reader, const mapping& section) {
    proxy_config out;
    auto proxy_at = section.find("proxy");
    auto text = proxy_at ? reader.read_text(*proxy_at) : std::nullopt;
    bool off = text && equal_ignoring_case(text->value, "none");
    if (text && !off) {
        out.url = *reader.read_as(*proxy_at, normalize_proxy_url);
    } else if (!text) {
        if (auto variable = first_set(reader, proxy_variables)) {
            out.url = parse_env(reader, section, "proxy", *variable, normalize_proxy_url);
            out.from_env = true;
        }
    }
    if (auto at = section.find("no_proxy")) {
        out.no_proxy = read_no_proxy(reader, *at);
    } else if (!out.url.empty()) {
        // Without a proxy the exceptions mean nothing, and a malformed NO_PROXY should not stop a
        // collector that does not use it.
        if (auto variable = first_set(reader, no_proxy_variables)) {
            out.no_proxy = parse_env(reader, section, "no_proxy", *variable, parse_no_proxy_list);
        }
    }
    return out;
}

}  // namespace sfc::config
