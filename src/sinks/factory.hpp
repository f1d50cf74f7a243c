#pragma once
// Builds the sink a sink_config describes.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

#include "sfc/clock.hpp"
#include "sfc/config.hpp"
#include "sfc/sink.hpp"

namespace sfc::sinks {

/// Throws sink_error when the sink cannot be set up (a file that cannot be opened, a secret
/// that cannot be read). Network sinks connect lazily, on their first send.
std::unique_ptr<sfc::sink> make_sink(const config::sink_config& config,
                                     boost::asio::any_io_executor executor,
                                     const sfc::clock& clock);

}  // namespace sfc::sinks
