#pragma once
// How the check names a sink: "sink " and its name (the config's default is "<type>:<where>"),
// without a URL's query string, where a receiver's token may sit.

#include <string>

#include "sfc/config.hpp"

namespace sfc::check {

/// "sink siem", "sink file:/var/log/sfc.jsonl", "sink syslog:siem:6514",
/// "sink elasticsearch:https://es:9200".
std::string sink_step(const config::sink_config& sink);

}  // namespace sfc::check
