#pragma once
// ArcSight Common Event Format (field mapping: see the table in cef.cpp).

#include <string>

#include "format/event_fields.hpp"
#include "sfc/event.hpp"

namespace sfc::format {

/// CEF:0|Salesforce|<product>|<version>|<event class id>|<name>|<severity>|<extension>
/// One line: never contains CR or LF.
std::string cef(const sfc::event& e);
std::string cef(const event_fields& f);

}  // namespace sfc::format
