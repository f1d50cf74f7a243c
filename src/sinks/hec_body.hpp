#pragma once
// Request bodies for Splunk HEC's /services/collector/event: one JSON object per event,
// concatenated with no separator, each wrapping the event verbatim with HEC metadata.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sfc/event.hpp"

namespace sfc::sinks {

/// The metadata every event of a sink carries. Empty strings are left out of the body.
struct hec_event_meta {
    std::string source;
    std::string sourcetype;  ///< empty: sfdc:eventlogfile:<event type, lowercased> per event
    std::string index;       ///< empty: the token's default index
    std::string host;        ///< empty: HEC uses the sender's address
};

/// Renders batches into HEC event bodies:
///   {"time":1373931202.670,"source":..,"sourcetype":..,"index":..,"event":<json>,
///    "fields":{"event_id":..,"org_id":..}}
/// time comes from the event's timestamp and is left out without one, so Splunk stamps the event
/// on arrival; fields are Splunk indexed fields (strings only). Reads the event's typed metadata,
/// never its JSON.
class hec_body_builder {
public:
    explicit hec_body_builder(hec_event_meta meta);

    /// Replaces `out` with the body for `events`.
    void build(std::string& out, std::span<const event> events);
    /// Appends the object for one event.
    void append(std::string& out, const event& e);

private:
    hec_event_meta meta_;
};

/// 1373931202670 → "1373931202.670" (seconds since the epoch, milliseconds kept); nullopt before
/// 1970.
std::optional<std::string> hec_epoch_time(std::int64_t epoch_ms);

/// "sfdc:eventlogfile:" + the event type in lower case; "sfdc:eventlogfile" without one.
std::string hec_default_sourcetype(std::string_view event_type);

}  // namespace sfc::sinks
