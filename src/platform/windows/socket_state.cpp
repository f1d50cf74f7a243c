#include "platform/socket_state.hpp"

#include <winsock2.h>

namespace sfc::platform {

bool peer_has_closed(std::uintptr_t native) {
    // Readable with nothing to peek at means FIN; an error means RST. A syslog receiver never
    // sends data, so a readable socket can mean nothing else.
    const auto s = static_cast<SOCKET>(native);
    fd_set readable;
    FD_ZERO(&readable);
    FD_SET(s, &readable);
    timeval now{0, 0};
    if (::select(0, &readable, nullptr, nullptr, &now) <= 0) return false;
    char byte = 0;
    const int n = ::recv(s, &byte, 1, MSG_PEEK);
    return n <= 0;
}

}  // namespace sfc::platform
