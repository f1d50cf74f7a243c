#pragma once
// The stop funnel's door for stop requests that come from outside the collector's own thread:
// the Windows service control manager calls request() on its dispatcher thread; POSIX signals
// use Asio's signal_set instead and never need it.

#include <functional>
#include <mutex>
#include <string>

namespace sfc::platform {

/// Thread-safe. A request made before the collector runs is kept and delivered when it starts.
class stop_handle {
public:
    /// Asks the running collector to finish the batch in flight, save its cursors and return.
    void request(std::string reason);
    bool requested() const;

    /// Called by the collector: `deliver` runs the stop on the collector's own thread (it posts
    /// to the io_context). detach() before `deliver`'s captures go away.
    void attach(std::function<void(std::string)> deliver);
    void detach();

    /// `ready` runs at attach(): the collector has loaded its config and opened its state, which
    /// is when a Windows service reports RUNNING (a config error never gets that far).
    void on_attach(std::function<void()> ready);

private:
    mutable std::mutex mutex_;
    std::function<void(std::string)> deliver_;
    std::function<void()> ready_;
    std::string pending_;
    bool requested_ = false;
};

}  // namespace sfc::platform
