#pragma once
// RFC 6587 transport framing for syslog over TCP / TLS (RFC 5425 requires octet counting).

#include <optional>
#include <string>
#include <string_view>

namespace sfc::format {

/// Octet counting: "<len> <msg>", len in octets. An empty msg has no valid frame (MSG-LEN starts
/// with a nonzero digit): the result is then empty, i.e. nothing to send.
std::string frame_octet_counting(std::string_view msg);

/// Non-transparent framing with an LF trailer: "msg\n". It cannot carry a message that contains
/// LF (the receiver would split it): std::nullopt then, and the sink dead-letters it.
std::optional<std::string> frame_lf(std::string_view msg);

}  // namespace sfc::format
