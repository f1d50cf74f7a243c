#pragma once
// The sink steps, over the network where there is one: syslog and the http sink connect (TCP,
// TLS) without sending anything, Elasticsearch answers GET / with the configured credentials,
// Splunk HEC answers its health endpoint; file sinks can be written. Asio stays in the .cpp.

#include <vector>

#include "check/report.hpp"
#include "sfc/config.hpp"

namespace sfc::check {

/// One line per sink, in the config's order.
void run_sink_probes(const std::vector<config::sink_config>& sinks, report& out);

}  // namespace sfc::check
