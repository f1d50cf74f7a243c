#pragma once
// What CEF and LEEF share: header constants, severity, and picking Salesforce columns.

#include <optional>
#include <string_view>

#include "format/event_fields.hpp"

namespace sfc::format {

inline constexpr std::string_view siem_vendor = "Salesforce";
/// Device version in both headers: the version of this mapping (bump when a key changes meaning),
/// so SIEM parsers can tell layouts apart.
inline constexpr std::string_view siem_version = "1";
/// Product and event id when the event does not say (malformed JSON).
inline constexpr std::string_view siem_unknown = "unknown";

/// Severity 0-10 for both formats:
///   7  a failed login: LOGIN_STATUS present and not LOGIN_NO_ERROR
///   5  a failed or unauthorised request: REQUEST_STATUS "F" or "A"
///   3  everything else (an audit record, not an alert)
int siem_severity(const event_fields& f);

/// An IPv4 or IPv6 address literal (Salesforce writes "Salesforce.com IP" for internal callers,
/// which a SIEM's address field would reject).
bool is_ip_address(std::string_view s);

struct picked_column {
    std::string_view name;
    std::string_view value;
};

/// The first of `a`, `b` that is present with a non-empty value (and an IP address when
/// `ip_only`).
std::optional<picked_column> pick_column(const event_fields& f,
                                         std::string_view a,
                                         std::string_view b = {},
                                         bool ip_only = false);

}  // namespace sfc::format
