#include "app/keygen_command.hpp"

#include <iostream>

namespace sfc::app {

int run_keygen(const std::vector<std::string>&) {
    std::cerr << "sfcollector keygen: not built yet\n";
    return 1;
}

std::string keygen_usage() {
    return "Usage: sfcollector keygen [options]\n";
}

}  // namespace sfc::app
