#pragma once
// Runs coroutines side by side on one executor and waits until all of them have finished: the
// orgs of a collector, the sources of an org.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <string>

#include "async/notifier.hpp"

namespace sfc::async {

/// Single-threaded use (the collector's io_context). Must outlive the tasks: wait() for them.
class task_group {
public:
    explicit task_group(boost::asio::any_io_executor executor);

    /// Starts `task`. An exception escaping it is logged with `name`; tasks report their results
    /// through their own state, not by throwing.
    void spawn(boost::asio::awaitable<void> task, std::string name);
    /// Completes when every task spawned so far has finished.
    boost::asio::awaitable<void> wait();

private:
    boost::asio::any_io_executor executor_;
    std::size_t running_ = 0;
    notifier finished_;
};

}  // namespace sfc::async
