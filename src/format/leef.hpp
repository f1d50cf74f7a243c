#pragma once
// IBM QRadar Log Event Extended Format 2.0 (field mapping: see the table in leef.cpp).

#include <string>

#include "format/event_fields.hpp"
#include "sfc/event.hpp"

namespace sfc::format {

/// LEEF:2.0|Salesforce|<product>|<version>|<event id>|^|key=value^key=value…
/// One line: never contains CR, LF or TAB.
std::string leef(const sfc::event& e);
std::string leef(const event_fields& f);

}  // namespace sfc::format
