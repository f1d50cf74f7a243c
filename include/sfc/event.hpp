#pragma once
// The unit that flows from sources to sinks.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sfc {

/// What many events of one source share: one per log file, or one per object source.
struct event_origin {
    std::string source;       ///< "EventLogFile", or the object source's name
    std::string event_type;   ///< EventType ("Login", "URI", ...); empty for object records
    std::string org_id;       ///< 18-char id of the org collected from
    std::string log_file_id;  ///< EventLogFile Id; empty for object records
};

/// Where one top-level member of event::json (other than "sfc") sits, so the SIEM formats read
/// the event's columns without parsing its JSON again.
struct json_member {
    enum class kind : std::uint8_t { string, number, boolean, null, nested };
    std::uint32_t key_at = 0;  ///< the key's text, between its quotes
    std::uint32_t key_size = 0;
    std::uint32_t value_at = 0;  ///< strings: between the quotes; others: the JSON text
    std::uint32_t value_size = 0;
    kind type = kind::string;
    bool key_escaped = false;    ///< the key's text holds JSON escapes
    bool value_escaped = false;  ///< the string value's text holds JSON escapes
};

/// One collected event: its JSON object plus what the formats need, typed.
struct event {
    event() = default;
    /// An event known only by its text: no origin, no index (format::event_from_json makes one
    /// the formats can read).
    event(std::string id_, std::string json_) : id(std::move(id_)), json(std::move(json_)) {}

    /// Stable id derived from the event itself (org, event type and the CSV row's cells; or org,
    /// object and the record's Id or EventIdentifier), so a repeat after a crash, in a
    /// regenerated log file or in a late one carries the same id and a SIEM can drop it.
    std::string id;
    /// One JSON object on one line, no trailing newline.
    std::string json;
    /// Null when nothing is known beyond the JSON (then `members` is empty too).
    std::shared_ptr<const event_origin> origin;
    /// The top-level members of `json` except "sfc", in document order.
    std::vector<json_member> members;
    /// Data row of the log file, 1-based; 0 when the event has none (object records).
    std::uint64_t row = 0;
    /// The event's time (sfc.timestamp) in milliseconds since the Unix epoch.
    std::optional<std::int64_t> epoch_ms;
};

/// What an event holds in memory: its text, its id, its member index and itself. The queue's
/// byte limit counts this, not the JSON alone, so that the limit bounds the process's memory.
inline std::size_t memory_of(const event& e) {
    return sizeof(event) + e.json.size() + e.id.size() + e.members.size() * sizeof(json_member);
}

/// Events handed from a source to the sinks in one piece.
struct event_batch {
    std::vector<event> events;
    /// Sum of the events' JSON sizes: what a sink's batch.max_bytes counts.
    std::size_t bytes = 0;
    /// Sum of memory_of() over the events: what pipeline.max_bytes and a source's batch count.
    std::size_t memory = 0;

    void push(event e) {
        bytes += e.json.size();
        memory += memory_of(e);
        events.push_back(std::move(e));
    }
    bool empty() const { return events.empty(); }
    std::size_t size() const { return events.size(); }
    void clear() {
        events.clear();
        bytes = 0;
        memory = 0;
    }
};

}  // namespace sfc
