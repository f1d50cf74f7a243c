#pragma once
// The operating system's own trusted root CAs, for OpenSSL. OpenSSL reads the Linux CA bundle by
// itself (set_default_verify_paths) but never the Windows certificate store, where a Windows
// host keeps the public CAs a real org's certificate chains to.

#include <cstddef>

#include <openssl/types.h>

namespace sfc::platform {

/// Adds the Windows ROOT store's certificates to `store`; returns how many. Nothing on POSIX.
std::size_t add_system_trust(X509_STORE* store);

}  // namespace sfc::platform
