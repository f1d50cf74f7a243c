#pragma once
// Shared by the file and stdout sinks: events as JSON lines, written in few write(2) calls.
// be.

#include <span>
#include <string>
#include <string_view>

#include "sfc/event.hpp"

namespace sfc::sinks {

/// Replaces `buffer` with each event's JSON followed by '\n'.
void render_lines(std::string& buffer, std::span<const event> events);

/// Writes all of `data` to `fd`, looping on partial writes and EINTR. Returns 0 or the errno of
/// the write that failed (some of `data` may have been written by then).
int write_all(int fd, std::string_view data);

/// "No space left on device" for ENOSPC.
std::string errno_text(int err);

}  // namespace sfc::sinks
