#pragma once
// One SOQL record rendered as one event: the record's own JSON without Salesforce's
// "attributes" (at every depth), plus the collector's "sfc" object.

#include <memory>
#include <string>
#include <string_view>

#include "sfc/event.hpp"

namespace sfc::sources {

/// What a walk needs from one record.
struct object_record {
    sfc::event event;
    /// The cursor field as a SOQL literal ("2024-03-11T15:00:00.000Z"); empty when the record
    /// has none (null) or it is not a dateTime.
    std::string cursor;
    /// The id field's value (string values unescaped); empty when it is null or missing.
    std::string id;
};

/// Renders records of one object source:
///   {<record fields>,"sfc":{"event_id":..,"org_id":..,"source":<source name>,
///    "object":<API name>,"timestamp":"YYYY-MM-DDThh:mm:ss.sssZ"}}
/// The event id depends only on (org, object, id field value), so a record collected twice
/// carries the same id; a record without an id gets one from its content. Not thread-safe: it
/// reuses one parser.
class object_event_builder {
public:
    struct names {
        std::string org_id;        ///< 18-char org id
        std::string source;        ///< the source's name
        std::string object;        ///< API name
        std::string cursor_field;  ///< matched case-insensitively against the record's keys
        std::string id_field;
    };
    explicit object_event_builder(names n);
    ~object_event_builder();
    object_event_builder(object_event_builder&&) noexcept;
    object_event_builder& operator=(object_event_builder&&) noexcept;

    /// Throws std::runtime_error naming the object when `record_json` is not a JSON object.
    object_record build(std::string_view record_json);

private:
    names names_;
    std::string sfc_fixed_;                       // ,"org_id":..,"source":..,"object":..
    std::shared_ptr<const event_origin> origin_;  // shared by every record of the source
    struct parser_state;                          // simdjson stays out of this header
    std::unique_ptr<parser_state> parser_;
};

}  // namespace sfc::sources
