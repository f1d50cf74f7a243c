#pragma once
// Reading Splunk HEC answers (/services/collector/event) and turning them into send results,
// following the HEC status/code table (docs: sinks.md §2.5).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sfc/sink.hpp"

namespace sfc::sinks {

/// {"text":"Invalid data format","code":6,"invalid-event-number":3} and {..,"ackId":7}.
struct hec_reply {
    std::optional<int> code;                   ///< absent when the body is not HEC's JSON
    std::string text;                          ///< HEC's text, or the start of another body
    std::optional<std::size_t> invalid_event;  ///< zero-based position in the batch
    std::optional<std::uint64_t> ack_id;
};

/// Never throws: a body that is not HEC's JSON (a proxy's HTML page) gives no code and its first
/// line as text.
hec_reply parse_hec_reply(std::string_view body);

/// What the messages need to name: the sink, the config and where the token comes from.
struct hec_reply_context {
    std::string_view sink_name;     ///< "splunk_hec:https://splunk:8088"
    std::string_view index;         ///< the configured index, may be empty
    std::string_view token_origin;  ///< "file /etc/sfcollector/hec.token" or "variable HEC_TOKEN"
    bool ack = false;               ///< indexer acknowledgement in use
};

/// The result of one POST to /services/collector/event for a batch of `batch_size` events.
/// A 200 gives ok; with acks the caller still has to wait for reply.ack_id.
send_result interpret_hec_reply(unsigned status,
                                const hec_reply& reply,
                                std::size_t batch_size,
                                const hec_reply_context& context,
                                std::optional<std::chrono::milliseconds> retry_after);

/// HEC's text (or a body's first line) made safe for a one-line message: no line breaks, at most
/// 200 bytes.
std::string hec_one_line(std::string_view text);

}  // namespace sfc::sinks
