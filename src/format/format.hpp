#pragma once
// Every message format and framing, as pure functions of an event.

#include "format/cef.hpp"
#include "format/event_fields.hpp"
#include "format/event_json.hpp"
#include "format/framing.hpp"
#include "format/leef.hpp"
#include "format/syslog.hpp"
