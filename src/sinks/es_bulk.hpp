#pragma once
// The Elasticsearch _bulk wire format, free of I/O: building the request body and reading the
// per-item answer.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sfc/event.hpp"
#include "sfc/sink.hpp"

namespace simdjson::dom {
class parser;
}

namespace sfc::sinks::es_bulk {

/// Appends one `create` action per event, with _id = event.id, then the event's JSON; every line
/// ends with '\n' (the body must). `create` makes a resend idempotent (409 for a known _id) and
/// is the only action data streams take.
void append_body(std::string& out, std::span<const event> events, std::string_view index);

/// What the items of a bulk answer say, by position in the batch.
struct outcome {
    bool complete = false;            ///< false: the answer is unusable; resend the whole batch
    std::string problem;              ///< why not complete (one line)
    std::size_t accepted = 0;         ///< created now (200/201)
    std::size_t duplicates = 0;       ///< already there (409 on create): delivered before
    std::vector<std::size_t> retry;   ///< 429 and 5xx items
    std::vector<rejection> rejected;  ///< other 4xx items, with their reason
    std::string retry_reason;         ///< the first retried item's reason, for the log
};

/// Reads the answer to a bulk request of `batch_size` documents. Keeps the parser's buffers
/// between calls.
class response_reader {
public:
    response_reader();
    ~response_reader();
    response_reader(const response_reader&) = delete;
    response_reader& operator=(const response_reader&) = delete;

    outcome read(std::string_view body, std::size_t batch_size);

private:
    std::unique_ptr<simdjson::dom::parser> parser_;
};

/// "<type>: <reason>" from an Elasticsearch error body ({"error":{...},"status":N}), else the
/// body's start; one line, at most max_reason_bytes.
std::string error_summary(std::string_view body);

/// Reasons are cut to this many bytes (at a UTF-8 boundary), on one line.
inline constexpr std::size_t max_reason_bytes = 300;

/// `s` on one line (line breaks and tabs become spaces), cut to at most `max` bytes without
/// splitting a UTF-8 sequence; "..." marks a cut.
std::string one_line(std::string_view s, std::size_t max = max_reason_bytes);

}  // namespace sfc::sinks::es_bulk
