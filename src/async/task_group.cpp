#include "async/task_group.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include <exception>

namespace sfc::async {

task_group::task_group(boost::asio::any_io_executor executor)
    : executor_(executor), finished_(executor) {}

void task_group::spawn(boost::asio::awaitable<void> task, std::string name) {
    ++running_;
    boost::asio::co_spawn(
        executor_, std::move(task), [this, name = std::move(name)](std::exception_ptr ep) {
            if (ep) {
                try {
                    std::rethrow_exception(ep);
                } catch (const std::exception& e) {
                    spdlog::error("{}: {}", name, e.what());
                }
            }
            --running_;
            finished_.notify_all();
        });
}

boost::asio::awaitable<void> task_group::wait() {
    while (running_ > 0) co_await finished_.wait();
}

}  // namespace sfc::async
