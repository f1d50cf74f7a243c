// Which keys each sink type takes, and the keys no sink may have (inline secrets).

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "config/sink_sections.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

using type_set = unsigned;

constexpr type_set bit(sink_type type) {
    return 1u << static_cast<unsigned>(type);
}

constexpr type_set file = bit(sink_type::file);
constexpr type_set syslog = bit(sink_type::syslog);
constexpr type_set http = bit(sink_type::http);
constexpr type_set elastic = bit(sink_type::elasticsearch);
constexpr type_set splunk = bit(sink_type::splunk_hec);
constexpr type_set http_like = http | elastic | splunk;
constexpr type_set every = bit(sink_type::stdout_lines) | file | syslog | http_like;

struct sink_key {
    std::string_view key;
    type_set types;
};

constexpr sink_key key_table[] = {
    {"type", every},
    {"name", every},
    {"batch", every},
    {"path", file},
    {"fsync", file},
    {"host", syslog},
    {"port", syslog},
    {"transport", syslog},
    {"framing", syslog},
    {"format", syslog},
    {"facility", syslog},
    {"severity", syslog},
    {"app_name", syslog},
    {"hostname", syslog},
    {"max_message_bytes", syslog},
    {"tls", syslog | http_like},
    {"url", http_like},
    {"secret_file", http_like},
    {"secret_env", http_like},
    {"gzip", http_like},
    {"request_timeout", http_like},
    {"index", elastic | splunk},
    {"auth", http | elastic},
    {"username", http | elastic},
    {"sourcetype", splunk},
    {"source", splunk},
    {"ack", splunk},
    {"ack_timeout", splunk},
};

constexpr auto key_names = [] {
    std::array<std::string_view, std::size(key_table)> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = key_table[i].key;
    return out;
}();

constexpr std::array<sink_type, 6> all_types{sink_type::file,
                                             sink_type::stdout_lines,
                                             sink_type::syslog,
                                             sink_type::http,
                                             sink_type::elasticsearch,
                                             sink_type::splunk_hec};

/// "elasticsearch and splunk_hec", "file".
std::string describe(type_set types) {
    std::vector<std::string_view> words;
    for (auto type : all_types) {
        if ((types & bit(type)) != 0) words.push_back(sink_type_word(type));
    }
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
        out.append(words[i]);
    }
    return out;
}

/// password, token, api_key and their obvious variants (passwd, es_password, hec_token, apikey).
bool names_a_secret(std::string_view key) {
    std::string word = lower_ascii(key);
    if (word == "secret" || word == "api_key" || word == "apikey" || word == "passwd") return true;
    return word.find("passw") != std::string::npos || word.ends_with("token");
}

void scan_for_secrets(const yaml_reader& reader, const field& at) {
    if (at.node.IsSequence()) {
        for (const auto& item : reader.read_list(at)) scan_for_secrets(reader, item);
        return;
    }
    if (!at.node.IsMap()) return;
    for (auto it = at.node.begin(); it != at.node.end(); ++it) {
        if (!it->first.IsScalar()) continue;  // read_mapping reports it
        int line = it->first.Mark().line >= 0 ? it->first.Mark().line + 1 : at.line;
        field child{at.name + "." + it->first.Scalar(), it->second, line};
        if (names_a_secret(it->first.Scalar())) {
            reader.fail(child,
                        "secrets are not written in the config file",
                        "put it in a file only the sfcollector user can read and write "
                        "secret_file: /etc/sfcollector/<name>, or name an environment variable "
                        "with secret_env: VARIABLE");
        }
        scan_for_secrets(reader, child);
    }
}

}  // namespace

std::span<const std::string_view> sink_keys() {
    return key_names;
}

std::vector<std::string_view> likely_sink_keys(const field& item) {
    // A peek only: the type is read, and reported when wrong, after the keys are checked.
    type_set types = every;
    if (!item.node.IsMap()) return {key_names.begin(), key_names.end()};
    for (auto it = item.node.begin(); it != item.node.end(); ++it) {
        // Looked up by walking: yaml-cpp's node["type"] throws when the key is absent.
        if (!it->first.IsScalar() || it->first.Scalar() != "type" || !it->second.IsScalar()) {
            continue;
        }
        std::string word = lower_ascii(it->second.Scalar());
        for (auto type : all_types) {
            if (word == sink_type_word(type)) types = bit(type);
        }
    }
    std::vector<std::string_view> keys;
    for (const auto& entry : key_table) {
        if ((entry.types & types) != 0) keys.push_back(entry.key);
    }
    return keys;
}

std::string_view sink_type_word(sink_type type) {
    switch (type) {
        case sink_type::stdout_lines:
            return "stdout";
        case sink_type::file:
            return "file";
        case sink_type::syslog:
            return "syslog";
        case sink_type::http:
            return "http";
        case sink_type::elasticsearch:
            return "elasticsearch";
        case sink_type::splunk_hec:
            return "splunk_hec";
    }
    return "unknown";
}

void reject_inline_secrets(const yaml_reader& reader, const field& item) {
    scan_for_secrets(reader, item);
}

void reject_foreign_keys(const yaml_reader& reader, const mapping& sink, sink_type type) {
    for (const auto& entry : key_table) {
        if ((entry.types & bit(type)) != 0) continue;
        if (auto at = sink.find(entry.key)) {
            reader.fail(
                *at,
                "applies only to " + describe(entry.types) + " sinks",
                "remove it (this sink has type: " + std::string(sink_type_word(type)) + ")");
        }
    }
}

}  // namespace sfc::config
