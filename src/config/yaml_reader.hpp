#pragma once
// Walks parsed YAML against the schema. Every problem becomes a config_error naming the file,
// line and field, so the section readers only say what is wrong and how to fix it.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config_error.hpp"
#include "config/env_expand.hpp"

namespace sfc::config {

/// A value in the file, with the dotted name and line the operator will look for.
struct field {
    std::string name;  ///< e.g. "salesforce.username", "sinks[0].path"; empty for the document
    YAML::Node node;
    int line = 0;  ///< 1-based line of the key or list item; 0 when unknown
};

/// A mapping whose keys were checked against the schema.
class mapping {
public:
    /// The entry for `key`, if the file has it.
    std::optional<field> find(std::string_view key) const;
    const field& self() const noexcept { return self_; }

private:
    friend class yaml_reader;
    field self_;
    std::map<std::string, field, std::less<>> entries_;
};

/// An enum value and the word operators write for it.
template <class Enum>
using choice = std::pair<std::string_view, Enum>;

class yaml_reader {
public:
    yaml_reader(std::string file_name, env_lookup env);

    const std::string& file_name() const noexcept { return file_name_; }
    /// The environment ${VAR} expands from; also where defaults such as HTTPS_PROXY come from.
    const env_lookup& env() const noexcept { return env_; }

    [[noreturn]] void fail(int line,
                           std::string_view field_name,
                           std::string_view problem,
                           std::string_view fix) const;
    [[noreturn]] void fail(const field& at, std::string_view problem, std::string_view fix) const {
        fail(at.line, at.name, problem, fix);
    }

    /// `at` must be a mapping (or empty) whose keys are all in `known`, each at most once.
    mapping read_mapping(const field& at, std::initializer_list<std::string_view> known) const {
        return read_mapping(at, std::span(known.begin(), known.size()));
    }
    mapping read_mapping(const field& at, std::span<const std::string_view> known) const {
        return read_mapping(at, known, known);
    }
    /// As above; an unknown key is compared with, and answered by a list of, only `likely`
    /// (the keys that make sense in this context, e.g. for this sink type).
    mapping read_mapping(const field& at,
                         std::span<const std::string_view> known,
                         std::span<const std::string_view> likely) const;
    /// The items of a list (none when empty).
    std::vector<field> read_list(const field& at) const;

    /// A single value after ${VAR} expansion; nullopt when absent, null or empty, so optional
    /// fields keep their defaults.
    std::optional<expanded_text> read_text(const field& at) const;
    /// read_text, then `parse(value)`, which may throw value_error.
    template <class Parse>
    auto read_as(const field& at, Parse parse) const
        -> std::optional<decltype(parse(std::string()))> {
        auto text = read_text(at);
        if (!text) return std::nullopt;
        try {
            return parse(text->value);
        } catch (const value_error& e) {
            fail_value(at, *text, e);
        }
    }

    /// Sets `out` to the parsed value of `key` when `section` has it (and it is not empty);
    /// otherwise `out` keeps its default.
    template <class T, class Parse>
    void read_into(const mapping& section, std::string_view key, Parse parse, T& out) const {
        if (auto at = section.find(key)) {
            if (auto value = read_as(*at, parse)) out = *value;
        }
    }

    std::optional<bool> read_bool(const field& at) const;
    /// One of `choices`, compared case-insensitively.
    template <class Enum>
    std::optional<Enum> read_choice(const field& at,
                                    std::string_view what,
                                    std::initializer_list<choice<Enum>> choices) const {
        std::vector<std::string_view> words;
        for (const auto& c : choices) words.push_back(c.first);
        return read_as(at, [&](const std::string& value) {
            return choices.begin()[index_of_choice(value, what, words)].second;
        });
    }

private:
    [[noreturn]] void fail_value(const field& at,
                                 const expanded_text& text,
                                 const value_error& error) const;
    static std::size_t index_of_choice(std::string_view value,
                                       std::string_view what,
                                       std::span<const std::string_view> words);

    std::string file_name_;
    env_lookup env_;
};

}  // namespace sfc::config
