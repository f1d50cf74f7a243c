#include "sinks/factory.hpp"

#include "sinks/elasticsearch_sink.hpp"
#include "sinks/file_sink.hpp"
#include "sinks/http_sink.hpp"
#include "sinks/splunk_hec_sink.hpp"
#include "sinks/stdout_sink.hpp"
#include "sinks/syslog_sink.hpp"

namespace sfc::sinks {

std::unique_ptr<sfc::sink> make_sink(const config::sink_config& config,
                                     boost::asio::any_io_executor executor,
                                     const sfc::clock& clock) {
    switch (config.type) {
        case config::sink_type::stdout_lines:
            return std::make_unique<stdout_sink>();
        case config::sink_type::file:
            return std::make_unique<file_sink>(config);
        case config::sink_type::syslog:
            return make_syslog_sink(config, executor, clock);
        case config::sink_type::splunk_hec:
            return make_splunk_hec_sink(config, executor);
        case config::sink_type::http:
            return make_http_sink(config, executor);
        case config::sink_type::elasticsearch:
            return make_elasticsearch_sink(config, executor);
    }
    throw sink_error("sink: this sink type is not available in this build yet");
}

}  // namespace sfc::sinks
