#pragma once
// Events as JSON lines on standard output, for a supervisor or a pipe into another shipper.

#include <string>

#include "platform/file.hpp"
#include "sfc/sink.hpp"

namespace sfc::sinks {

/// Writes one line per event to `out` (standard output unless a test says otherwise). A closed
/// reader (EPIPE) is fatal; the process must ignore SIGPIPE for that to be reported rather than
/// kill it. Other errors are retried; lines written before such an error are repeated by the
/// retry (consumers can drop them by the event id).
class stdout_sink final : public sfc::sink {
public:
    explicit stdout_sink(platform::file out = platform::file::standard_output())
        : out_(std::move(out)) {}

    std::string name() const override { return "stdout"; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;

private:
    platform::file out_;
    std::string buffer_;  // reused by every batch
};

}  // namespace sfc::sinks
