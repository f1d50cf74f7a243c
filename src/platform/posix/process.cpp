#include "platform/process.hpp"

#include <unistd.h>

namespace sfc::platform {

unsigned long process_id() {
    return static_cast<unsigned long>(::getpid());
}

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return {};
    return name;
}

}  // namespace sfc::platform
