#pragma once
// Helpers the token provider tests share: running one coroutine, and reading what was logged.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <memory>
#include <sstream>
#include <string>

namespace sfc::auth::test_support {

/// Runs one coroutine to completion on `io` and returns its result (or rethrows).
template <typename T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    auto result = boost::asio::co_spawn(io, std::move(work), boost::asio::use_future);
    io.restart();
    io.run();
    return result.get();
}

/// Captures spdlog's default logger for the test's lifetime.
class captured_log {
public:
    captured_log() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", sink));
    }
    ~captured_log() { spdlog::set_default_logger(previous_); }
    std::string text() const { return stream_.str(); }

private:
    std::ostringstream stream_;
    std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace sfc::auth::test_support
