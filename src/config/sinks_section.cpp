// `sinks:` (or the one-sink shorthand `sink:`): where collected events go.

#include "config/sections.hpp"

namespace sfc::config {
namespace {

/// path and fsync only mean something for a file sink; on a stdout sink they reveal a mistake.
void reject_file_options(const yaml_reader& reader, const mapping& sink) {
    for (std::string_view key : {"path", "fsync"}) {
        if (auto at = sink.find(key)) {
            reader.fail(*at,
                        "applies only to file sinks",
                        "remove it, or set type: file to write a JSON-lines file");
        }
    }
}

sink_config read_sink(const section_context& context, const field& at) {
    const yaml_reader& reader = context.reader;
    mapping sink = reader.read_mapping(at, {"type", "path", "fsync"});
    auto type_at = sink.find("type");
    auto type = type_at ? reader.read_choice<sink_type>(
                              *type_at,
                              "sink type",
                              {{"file", sink_type::file}, {"stdout", sink_type::stdout_lines}})
                        : std::nullopt;
    if (!type) {
        reader.fail(type_at ? type_at->line : at.line,
                    at.name + ".type",
                    "required value is missing",
                    "write type: file (with path:) or type: stdout");
    }
    sink_config out;
    out.type = *type;
    if (out.type == sink_type::stdout_lines) {
        reject_file_options(reader, sink);
        return out;
    }
    auto path_at = sink.find("path");
    auto path = path_at ? read_path(context, *path_at) : std::nullopt;
    if (!path) {
        reader.fail(path_at ? path_at->line : at.line,
                    at.name + ".path",
                    "a file sink needs a path",
                    "write path: /var/log/sfcollector/events.jsonl (relative paths start from the "
                    "config file's folder)");
    }
    out.path = path->path;
    if (auto fsync = sink.find("fsync")) out.fsync = reader.read_bool(*fsync).value_or(out.fsync);
    return out;
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
    if (!list) return {sink_config{}};
    auto items = reader.read_list(*list);
    if (items.empty()) {
        reader.fail(*list,
                    "no sinks are listed",
                    "list at least one (e.g. '- type: stdout'), or remove 'sinks' for the default "
                    "stdout sink");
    }
    std::vector<sink_config> sinks;
    for (const auto& item : items) sinks.push_back(read_sink(context, item));
    return sinks;
}

}  // namespace sfc::config
