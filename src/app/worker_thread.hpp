#pragma once
// A second thread for CPU work (parsing and rendering downloads), so that it overlaps with the
// network and the sinks, which stay on the main thread.

#include <boost/asio/any_io_executor.hpp>
#include <memory>

namespace sfc::app {

/// Runs an io_context on its own thread from construction to destruction. The destructor lets
/// the work already handed over finish, then joins: a coroutine that moved over to the worker
/// always moves back to its own executor.
class worker_thread {
public:
    worker_thread();
    ~worker_thread();
    worker_thread(const worker_thread&) = delete;
    worker_thread& operator=(const worker_thread&) = delete;

    boost::asio::any_io_executor executor() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace sfc::app
