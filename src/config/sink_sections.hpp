#pragma once
// The parts of one `sinks:` item; sinks_section.cpp puts them together. Each reader gets the
// item's mapping, whose keys were already checked against the sink type (sink_keys.cpp).

#include <span>
#include <string_view>
#include <vector>

#include "config/sections.hpp"

namespace sfc::config {

/// Every key a sink item may have.
std::span<const std::string_view> sink_keys();
/// The keys a sink of the type written in `item` takes (all when the type is missing or
/// unknown), for "did you mean" and the list of allowed keys.
std::vector<std::string_view> likely_sink_keys(const field& item);

/// The word operators write for `type` ("stdout", "splunk_hec").
std::string_view sink_type_word(sink_type type);

/// A key such as `password` or `token` anywhere under the item: secrets belong in a file or an
/// environment variable. Runs before the schema check so the message says so; never echoes.
void reject_inline_secrets(const yaml_reader& reader, const field& item);

/// A key that exists but means nothing for `type` (index on syslog): names the types taking it.
void reject_foreign_keys(const yaml_reader& reader, const mapping& sink, sink_type type);

syslog_sink_config read_syslog_sink(const section_context& context, const mapping& sink);
http_sink_config read_http_sink(const section_context& context,
                                const mapping& sink,
                                sink_type type);

/// `tls:`; cert_file and key_file come together, files must be readable with check_files.
tls_client_config read_tls(const section_context& context, const field& at);
/// `batch:` into the sink's batch_max_events, batch_max_bytes and batch_linger.
void read_batch(const yaml_reader& reader, const field& at, sink_config& out);

/// The line to blame for a missing key: the item's own.
inline int item_line(const mapping& sink) {
    return sink.self().line;
}

}  // namespace sfc::config
