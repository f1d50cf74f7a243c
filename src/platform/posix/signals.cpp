#include "platform/signals.hpp"

#include <csignal>

namespace sfc::platform {

std::vector<int> stop_signals() {
    return {SIGINT, SIGTERM};
}

int reopen_signal() {
    return SIGHUP;
}

std::string signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        case SIGHUP:
            return "SIGHUP";
        default:
            return "signal " + std::to_string(signal);
    }
}

void ignore_broken_pipe() {
    std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace sfc::platform
