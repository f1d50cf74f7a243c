#include "platform/signals.hpp"

#include <csignal>

namespace sfc::platform {

std::vector<int> stop_signals() {
    // The C runtime turns Ctrl-C into SIGINT and Ctrl-Break into SIGBREAK; Asio's signal_set
    // hears both. A service's stop comes from the service control manager instead.
    return {SIGINT, SIGTERM, SIGBREAK};
}

int reopen_signal() {
    return 0;
}

std::string signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "Ctrl-C";
        case SIGBREAK:
            return "Ctrl-Break";
        case SIGTERM:
            return "SIGTERM";
        default:
            return "signal " + std::to_string(signal);
    }
}

void ignore_broken_pipe() {}  // Windows has no SIGPIPE: a write to a closed pipe just fails

}  // namespace sfc::platform
