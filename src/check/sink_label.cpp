#include "check/sink_label.hpp"

#include "sinks/http_sink.hpp"

namespace sfc::check {

std::string sink_step(const config::sink_config& sink) {
    return "sink " + sinks::http_support::redact_url(sink.name);
}

}  // namespace sfc::check
