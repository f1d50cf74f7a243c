#pragma once
// Bookkeeping for HEC indexer acknowledgement: the request channel, the /services/collector/ack
// exchange and how often to ask.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfc::sinks {

/// A random RFC 4122 version 4 UUID in its text form ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx",
/// lower case), for X-Splunk-Request-Channel. Ack ids are counted per channel, so each sink
/// instance takes its own.
std::string make_hec_channel();

/// {"acks":[7]}
std::string hec_ack_query(std::uint64_t ack_id);

/// Reads {"acks":{"7":true}}: the status of `ack_id`, or nullopt when the body is not of that
/// form or does not mention the id.
std::optional<bool> parse_hec_ack_status(std::string_view body, std::uint64_t ack_id);

/// When to ask again: `first`, then doubling up to `max`, never past the deadline. Indexing takes
/// seconds, so asking quickly at first and then ever more rarely keeps the load on HEC small.
class hec_ack_schedule {
public:
    using clock = std::chrono::steady_clock;
    hec_ack_schedule(clock::time_point start,
                     std::chrono::milliseconds timeout,
                     std::chrono::milliseconds first,
                     std::chrono::milliseconds max);

    /// How long to wait before the next query, or nullopt once the deadline has passed.
    std::optional<std::chrono::milliseconds> next_wait(clock::time_point now);

private:
    clock::time_point deadline_;
    std::chrono::milliseconds interval_;
    std::chrono::milliseconds max_;
};

}  // namespace sfc::sinks
