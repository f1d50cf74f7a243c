#pragma once
// Whether the peer of a connected stream socket has closed it, without reading application data.

#include <cstdint>

namespace sfc::platform {

/// True once the peer has sent FIN or RST on the socket `native` (a descriptor on POSIX, a SOCKET
/// on Windows). Never blocks; false when nothing can be told yet.
bool peer_has_closed(std::uintptr_t native);

}  // namespace sfc::platform
