#include "app/worker_thread.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>

namespace sfc::app {

namespace net = boost::asio;

struct worker_thread::impl {
    net::io_context ctx{1};
    /// Keeps run() going while no work is queued; reset to let the thread end.
    std::optional<net::executor_work_guard<net::io_context::executor_type>> guard{
        net::make_work_guard(ctx)};
    std::thread thread{[this] { ctx.run(); }};
};

worker_thread::worker_thread() : impl_(std::make_unique<impl>()) {}

worker_thread::~worker_thread() {
    impl_->guard.reset();
    impl_->thread.join();
}

net::any_io_executor worker_thread::executor() const {
    return impl_->ctx.get_executor();
}

}  // namespace sfc::app
