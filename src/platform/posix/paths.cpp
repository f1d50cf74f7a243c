#include "platform/paths.hpp"

namespace sfc::platform {

std::filesystem::path default_config_file() {
    return "/etc/sfcollector/sfcollector.yaml";
}

std::filesystem::path default_state_dir() {
    return "/var/lib/sfcollector";
}

std::filesystem::path service_log_file() {
    return {};
}

}  // namespace sfc::platform
