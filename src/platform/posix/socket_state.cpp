#include "platform/socket_state.hpp"

#include <poll.h>

namespace sfc::platform {

bool peer_has_closed(std::uintptr_t native) {
    pollfd p{static_cast<int>(native), POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;  // nothing to report; a write will tell otherwise
    return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace sfc::platform
