#pragma once
// The unit that flows from sources to sinks.

#include <cstddef>
#include <string>
#include <vector>

namespace sfc {

/// One collected event, already rendered as a JSON object.
struct event {
    /// Stable id derived from the event itself (org, event type and the CSV row's cells; or org,
    /// object and the record's Id or EventIdentifier), so a repeat after a crash, in a
    /// regenerated log file or in a late one carries the same id and a SIEM can drop it.
    std::string id;
    /// One JSON object on one line, no trailing newline.
    std::string json;
};

/// Events handed from a source to the sinks in one piece.
struct event_batch {
    std::vector<event> events;
    /// Sum of the events' JSON sizes, for byte-based limits.
    std::size_t bytes = 0;

    void push(event e) {
        bytes += e.json.size();
        events.push_back(std::move(e));
    }
    bool empty() const { return events.empty(); }
    std::size_t size() const { return events.size(); }
    void clear() {
        events.clear();
        bytes = 0;
    }
};

}  // namespace sfc
