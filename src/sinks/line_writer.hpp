#pragma once
// Shared by the file and stdout sinks: events as JSON lines, written in one buffer.

#include <span>
#include <string>

#include "sfc/event.hpp"

namespace sfc::sinks {

/// Replaces `buffer` with each event's JSON followed by '\n'.
void render_lines(std::string& buffer, std::span<const event> events);

}  // namespace sfc::sinks
