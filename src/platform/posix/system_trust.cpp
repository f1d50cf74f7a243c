#include "platform/system_trust.hpp"

namespace sfc::platform {

std::size_t add_system_trust(X509_STORE*) {
    return 0;  // OpenSSL's default verify paths are the system's CA bundle already
}

}  // namespace sfc::platform
