#pragma once
// The support programs (fake-salesforce, fake-siem, connect-proxy) stop on SIGINT or SIGTERM,
// taken with sigwait() in main while their servers run on threads of their own.

#include <pthread.h>
#include <signal.h>

namespace sfc::test {

/// Blocks SIGINT and SIGTERM in the calling thread and returns them as a set for sigwait().
/// Call it before any thread starts: threads inherit the mask, so only sigwait() sees them.
inline sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

}  // namespace sfc::test
