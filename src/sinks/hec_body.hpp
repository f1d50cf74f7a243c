#pragma once
// Request bodies for Splunk HEC's /services/collector/event: one JSON object per event,
// concatenated with no separator, each wrapping the event verbatim with HEC metadata.

#include <memory>
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
/// time comes from the event's sfc.timestamp (ISO 8601, UTC) and is left out without one, so
/// Splunk stamps the event on arrival; fields are Splunk indexed fields (strings only).
/// Keeps a JSON parser between batches, so use one builder per sink.
class hec_body_builder {
public:
    explicit hec_body_builder(hec_event_meta meta);
    ~hec_body_builder();
    hec_body_builder(const hec_body_builder&) = delete;
    hec_body_builder& operator=(const hec_body_builder&) = delete;

    /// Replaces `out` with the body for `events`.
    void build(std::string& out, std::span<const event> events);
    /// Appends the object for one event.
    void append(std::string& out, const event& e);

private:
    struct parser;
    hec_event_meta meta_;
    std::unique_ptr<parser> parser_;
};

/// "2013-07-15T23:33:22.670Z" → "1373931202.670" (seconds since the epoch, milliseconds kept;
/// a missing fraction gives ".000", digits beyond milliseconds are dropped). nullopt unless the
/// text is a UTC ISO 8601 date-time of that form.
std::optional<std::string> hec_epoch_time(std::string_view iso);

/// "sfdc:eventlogfile:" + the event type in lower case; "sfdc:eventlogfile" without one.
std::string hec_default_sourcetype(std::string_view event_type);

}  // namespace sfc::sinks
