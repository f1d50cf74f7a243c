#include "sinks/factory.hpp"

#include "sinks/file_sink.hpp"
#include "sinks/stdout_sink.hpp"

namespace sfc::sinks {

std::unique_ptr<sfc::sink> make_sink(const config::sink_config& config) {
    switch (config.type) {
        case config::sink_type::stdout_lines:
            return std::make_unique<stdout_sink>();
        case config::sink_type::file:
            return std::make_unique<file_sink>(config);
    }
    throw sink_error("sink: unknown sink type " + std::to_string(static_cast<int>(config.type)));
}

}  // namespace sfc::sinks
