#pragma once
// Builds the sink a sink_config describes.

#include <memory>

#include "sfc/config.hpp"
#include "sfc/sink.hpp"

namespace sfc::sinks {

/// Throws sink_error when the sink cannot be set up (e.g. the file cannot be opened).
std::unique_ptr<sfc::sink> make_sink(const config::sink_config& config);

}  // namespace sfc::sinks
