#pragma once
// Events as JSON lines on standard output, for a supervisor or a pipe into another shipper.

#include <unistd.h>
#include <string>

#include "sfc/sink.hpp"

namespace sfc::sinks {

/// Writes one line per event to `fd` (standard output unless a test says otherwise). A closed
/// reader (EPIPE) is fatal; the process must ignore SIGPIPE for that to be reported rather than
/// kill it. Other errors are retried; lines written before such an error are repeated by the
/// retry (consumers can drop them by the event id).
class stdout_sink final : public sfc::sink {
public:
    explicit stdout_sink(int fd = STDOUT_FILENO) : fd_(fd) {}

    std::string name() const override { return "stdout"; }
    boost::asio::awaitable<send_result> send(std::span<const event> events) override;

private:
    int fd_;
    std::string buffer_;  // reused by every batch
};

}  // namespace sfc::sinks
