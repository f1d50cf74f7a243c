#include "config/yaml_reader.hpp"

#include <algorithm>
#include <cctype>

#include "config/suggest.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

constexpr std::size_t max_echo_length = 60;

int line_of(const YAML::Node& node, int fallback) {
    int line = node.Mark().line;
    return line >= 0 ? line + 1 : fallback;
}

std::string_view kind_of(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping (key: value lines)";
        case YAML::NodeType::Null:
            return "nothing";
        default:
            return "a single value";
    }
}

std::string child_name(std::string_view parent, std::string_view key) {
    if (parent.empty()) return std::string(key);
    return std::string(parent) + "." + std::string(key);
}

std::string join_quoted(std::span<const std::string_view> words) {
    std::string out;
    for (auto word : words) {
        if (!out.empty()) out += ", ";
        out.append(word);
    }
    return out;
}

/// The value as it may appear in a message: shortened, control characters replaced.
std::string echo(std::string_view value) {
    std::string out;
    for (char c : value.substr(0, max_echo_length)) {
        out.push_back(std::iscntrl(static_cast<unsigned char>(c)) != 0 ? '?' : c);
    }
    if (value.size() > max_echo_length) out += "...";
    return out;
}

}  // namespace

std::optional<field> mapping::find(std::string_view key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

yaml_reader::yaml_reader(std::string file_name, env_lookup env)
    : file_name_(std::move(file_name)), env_(std::move(env)) {}

void yaml_reader::fail(int line,
                       std::string_view field_name,
                       std::string_view problem,
                       std::string_view fix) const {
    std::string message(problem);
    if (!fix.empty()) message.append("; ").append(fix);
    throw config_error(format_error(file_name_, line, field_name, message));
}

void yaml_reader::fail_value(const field& at,
                             const expanded_text& text,
                             const value_error& error) const {
    // Values from the environment may be secrets, so they are never repeated; nor is a value
    // the parser found a secret in.
    std::string shown;
    if (text.from_env) {
        shown = " (value from an environment variable, not shown)";
    } else if (error.may_echo()) {
        shown = " (got '" + echo(error.shown(text.value)) + "')";
    }
    fail(at, error.problem() + shown, error.fix());
}

mapping yaml_reader::read_mapping(const field& at,
                                  std::span<const std::string_view> known,
                                  std::span<const std::string_view> likely) const {
    mapping out;
    out.self_ = at;
    if (!at.node.IsDefined() || at.node.IsNull()) return out;
    if (!at.node.IsMap()) {
        fail(at,
             "expected a mapping (key: value lines), found " + std::string(kind_of(at.node)),
             "see config/sfcollector.yaml for the layout");
    }
    for (auto it = at.node.begin(); it != at.node.end(); ++it) {
        int line = line_of(it->first, at.line);
        if (!it->first.IsScalar()) {
            fail(line,
                 at.name,
                 "a key is " + std::string(kind_of(it->first)),
                 "keys are plain names like 'username'");
        }
        const std::string& key = it->first.Scalar();
        std::string name = child_name(at.name, key);
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            auto near = closest_name(key, likely);
            std::string fix = near ? "did you mean '" + std::string(*near) + "'?"
                                   : "remove it; the keys allowed here are " + join_quoted(likely);
            bool case_slip = near && edit_distance(key, *near) == 0;
            fail(line,
                 name,
                 case_slip ? "unknown key (keys are case-sensitive)" : "unknown key",
                 fix);
        }
        auto [existing, inserted] = out.entries_.try_emplace(key, field{name, it->second, line});
        if (!inserted) {
            fail(line,
                 name,
                 "appears twice (also on line " + std::to_string(existing->second.line) + ")",
                 "keep one of them");
        }
    }
    return out;
}

std::vector<field> yaml_reader::read_list(const field& at) const {
    std::vector<field> items;
    if (!at.node.IsDefined() || at.node.IsNull()) return items;
    if (!at.node.IsSequence()) {
        fail(at,
             "expected a list, found " + std::string(kind_of(at.node)),
             "write [A, B] or one '- item' per line");
    }
    for (std::size_t i = 0; i < at.node.size(); ++i) {
        YAML::Node item = at.node[i];
        items.push_back(
            field{at.name + "[" + std::to_string(i) + "]", item, line_of(item, at.line)});
    }
    return items;
}

std::optional<expanded_text> yaml_reader::read_text(const field& at) const {
    if (!at.node.IsDefined() || at.node.IsNull()) return std::nullopt;
    if (!at.node.IsScalar()) {
        fail(at,
             "expected a single value, found " + std::string(kind_of(at.node)),
             "write one value after the colon");
    }
    expanded_text text;
    try {
        text = expand_env(at.node.Scalar(), env_);
    } catch (const value_error& e) {
        fail(at, e.problem(), e.fix());
    }
    // A line break in a user name would forge a log line; a NUL would cut the value short in C
    // APIs. Checked after expansion, since a variable can carry them too.
    if (const std::string bad = unfit_character(text.value); !bad.empty()) {
        fail(at,
             "the value " + std::string(text.from_env ? "(from an environment variable) " : "") +
                 "holds " + bad + ", which no setting accepts",
             "write it on one line in plain UTF-8 text, without control characters (a YAML | "
             "or > block keeps its line breaks)");
    }
    if (text.value.empty()) return std::nullopt;
    return text;
}

std::optional<bool> yaml_reader::read_bool(const field& at) const {
    return read_as(at, [](const std::string& value) {
        if (equal_ignoring_case(value, "true")) return true;
        if (equal_ignoring_case(value, "false")) return false;
        throw value_error("not a boolean", "write true or false");
    });
}

std::size_t yaml_reader::index_of_choice(std::string_view value,
                                         std::string_view what,
                                         std::span<const std::string_view> words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (equal_ignoring_case(value, words[i])) return i;
    }
    throw value_error("not a " + std::string(what), "use one of " + join_quoted(words));
}

}  // namespace sfc::config
