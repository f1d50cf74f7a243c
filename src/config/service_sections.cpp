// The keys about the collector itself rather than what it collects: `log_level`, `log_format`,
// `log_file` and `metrics`.

#include "config/numbers.hpp"
#include "config/sections.hpp"
#include "net/authority.hpp"
#include "platform/ip_address.hpp"

namespace sfc::config {
namespace {

constexpr std::uint64_t max_log_files = 1000;

/// "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:9464" or a bare port (loopback).
metrics_config parse_listen(const std::string& text) {
    const std::string fix = "write an IP address and a port, e.g. 127.0.0.1:9464";
    metrics_config out;
    if (net::valid_port(text)) {
        out.host = "127.0.0.1";
        out.port = static_cast<std::uint16_t>(std::stoul(text));
        return out;
    }
    auto parts = net::split_authority(text, "");
    if (!parts || parts->port.empty()) throw value_error("not an address and a port", fix);
    if (!platform::parse_ip_address(parts->host)) {
        throw value_error("the host is not an IP address",
                          fix + " (the listener binds one address; names are not resolved)");
    }
    out.host = parts->host;
    out.port = static_cast<std::uint16_t>(std::stoul(parts->port));
    return out;
}

unsigned parse_max_files(const std::string& text) {
    return static_cast<unsigned>(check_range(parse_count(text), 1, max_log_files, "use e.g. 5"));
}

std::uint64_t parse_max_size(const std::string& text) {
    return check_range(parse_size(text), 4096, max_size_bytes, "use e.g. 10MiB");
}

}  // namespace

log_level read_log_level(const yaml_reader& reader, const field& at) {
    return reader
        .read_choice<log_level>(at,
                                "log level",
                                {{"trace", log_level::trace},
                                 {"debug", log_level::debug},
                                 {"info", log_level::info},
                                 {"warn", log_level::warn},
                                 {"error", log_level::error}})
        .value_or(log_level::info);
}

void read_logging(const section_context& context, const mapping& top, logging_config& out) {
    const auto& reader = context.reader;
    if (auto at = top.find("log_level")) out.level = read_log_level(reader, *at);
    if (auto at = top.find("log_format")) {
        out.format =
            reader
                .read_choice<log_format>(
                    *at, "log format", {{"text", log_format::text}, {"json", log_format::json}})
                .value_or(log_format::text);
    }
    auto at = top.find("log_file");
    if (!at) return;
    if (!at->node.IsMap()) {
        if (auto path = read_path(context, *at)) {
            out.file = path->path;
            check_output_file(context, *at, *path, "log_file");
        }
        return;
    }
    mapping section = reader.read_mapping(*at, {"path", "max_size", "max_files"});
    auto path_at = section.find("path");
    if (!path_at) {
        reader.fail(*at,
                    "log_file needs a path",
                    "write log_file: /var/log/sfcollector/sfcollector.log (or path: under it)");
    }
    if (auto path = read_path(context, *path_at)) {
        out.file = path->path;
        check_output_file(context, *path_at, *path, "log_file.path");
    }
    reader.read_into(section, "max_size", parse_max_size, out.max_size);
    reader.read_into(section, "max_files", parse_max_files, out.max_files);
}

metrics_config read_metrics(const yaml_reader& reader, const field& at) {
    mapping section = reader.read_mapping(at, {"listen"});
    metrics_config out;
    reader.read_into(section, "listen", parse_listen, out);
    return out;
}

}  // namespace sfc::config
