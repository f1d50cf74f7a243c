// `sinks:` (or the one-sink shorthand `sink:`): where collected events go.

#include <map>

#include "config/sink_sections.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

sink_type read_type(const yaml_reader& reader, const mapping& sink) {
    auto type_at = sink.find("type");
    auto type = type_at
                    ? reader.read_choice<sink_type>(*type_at,
                                                    "sink type",
                                                    {{"file", sink_type::file},
                                                     {"stdout", sink_type::stdout_lines},
                                                     {"syslog", sink_type::syslog},
                                                     {"http", sink_type::http},
                                                     {"elasticsearch", sink_type::elasticsearch},
                                                     {"splunk_hec", sink_type::splunk_hec}})
                    : std::nullopt;
    if (!type) {
        reader.fail(type_at ? type_at->line : item_line(sink),
                    sink.self().name + ".type",
                    "required value is missing",
                    "write type: file (with path:), stdout, syslog (with host:), or http, "
                    "elasticsearch or splunk_hec (with url:)");
    }
    return *type;
}

/// Names appear in logs and metrics, so they stay short and plain.
std::string check_name(const std::string& name) {
    return check_plain_name(name, "a sink name", "qradar");
}

/// "<type>" or "<type>:<where>", so log lines say which sink they are about.
std::string default_name(const sink_config& sink) {
    std::string type(sink_type_word(sink.type));
    switch (sink.type) {
        case sink_type::stdout_lines:
            return type;
        case sink_type::file:
            return type + ":" + sink.path.string();
        case sink_type::syslog: {
            const std::string& host = sink.syslog.host;
            bool ipv6 = host.find(':') != std::string::npos;
            return type + ":" + (ipv6 ? "[" + host + "]" : host) + ":" +
                   std::to_string(sink.syslog.port);
        }
        default:
            return type + ":" + sink.http.url;
    }
}

void read_file_options(const section_context& context, const mapping& sink, sink_config& out) {
    const yaml_reader& reader = context.reader;
    auto path_at = sink.find("path");
    auto path = path_at ? read_path(context, *path_at) : std::nullopt;
    if (!path) {
        reader.fail(path_at ? path_at->line : item_line(sink),
                    sink.self().name + ".path",
                    "a file sink needs a path",
                    "write path: /var/log/sfcollector/events.jsonl (relative paths start from the "
                    "config file's folder)");
    }
    out.path = path->path;
    check_output_file(context, *path_at, *path, sink.self().name + ".path");
    if (auto fsync = sink.find("fsync")) out.fsync = reader.read_bool(*fsync).value_or(out.fsync);
}

sink_config read_sink(const section_context& context, const field& at) {
    const yaml_reader& reader = context.reader;
    reject_inline_secrets(reader, at);
    mapping sink = reader.read_mapping(at, sink_keys(), likely_sink_keys(at));
    sink_config out;
    out.type = read_type(reader, sink);
    reject_foreign_keys(reader, sink, out.type);
    if (auto name = sink.find("name")) out.name = reader.read_as(*name, check_name).value_or("");
    if (out.type == sink_type::file) read_file_options(context, sink, out);
    if (out.type == sink_type::syslog) out.syslog = read_syslog_sink(context, sink);
    bool http_like = out.type == sink_type::http || out.type == sink_type::elasticsearch ||
                     out.type == sink_type::splunk_hec;
    if (http_like) out.http = read_http_sink(context, sink, out.type);
    if (auto batch = sink.find("batch")) read_batch(reader, *batch, out);
    if (out.name.empty()) out.name = default_name(out);
    return out;
}

/// Two sinks with one name cannot be told apart in logs and metrics; with default names they
/// also deliver everything twice to the same place.
void check_unique_names(const yaml_reader& reader,
                        const std::vector<field>& items,
                        const std::vector<sink_config>& sinks) {
    std::map<std::string, std::size_t, std::less<>> seen;
    for (std::size_t i = 0; i < sinks.size(); ++i) {
        auto [first, inserted] = seen.try_emplace(sinks[i].name, i);
        if (inserted) continue;
        mapping item = reader.read_mapping(items[i], sink_keys());
        auto name_at = item.find("name");
        const field& earlier = items[first->second];
        reader.fail(name_at ? name_at->line : items[i].line,
                    items[i].name + ".name",
                    "the sink name '" + sinks[i].name + "' is also used by " + earlier.name +
                        " (line " + std::to_string(earlier.line) + ")",
                    name_at ? "give each sink its own name"
                            : "both send to the same place: remove one, or give each a name: if "
                              "that is intended");
    }
}

}  // namespace

std::vector<sink_config> read_sinks(const section_context& context,
                                    const std::optional<field>& list,
                                    const std::optional<field>& single) {
    const yaml_reader& reader = context.reader;
    if (list && single) {
        reader.fail(*single,
                    "both 'sink' and 'sinks' are given",
                    "keep one: 'sink:' is shorthand for a 'sinks:' list with one item");
    }
    if (single) return {read_sink(context, *single)};
    if (!list) {
        sink_config stdout_sink;
        stdout_sink.name = default_name(stdout_sink);
        return {stdout_sink};
    }
    auto items = reader.read_list(*list);
    if (items.empty()) {
        reader.fail(*list,
                    "no sinks are listed",
                    "list at least one (e.g. '- type: stdout'), or remove 'sinks' for the default "
                    "stdout sink");
    }
    std::vector<sink_config> sinks;
    for (const auto& item : items) sinks.push_back(read_sink(context, item));
    check_unique_names(reader, items, sinks);
    return sinks;
}

}  // namespace sfc::config
