#include "sinks/stdout_sink.hpp"

#include <cerrno>

#include "sinks/line_writer.hpp"

namespace sfc::sinks {

boost::asio::awaitable<send_result> stdout_sink::send(std::span<const event> events) {
    if (events.empty()) co_return send_result{};
    render_lines(buffer_, events);
    const int err = write_all(fd_, buffer_);
    if (err == 0) co_return send_result{};
    if (err == EPIPE) {
        co_return send_result::failed(send_status::fatal,
                                      "stdout: the reading end of the pipe is closed (EPIPE)");
    }
    co_return send_result::failed(send_status::retry, "stdout: write failed: " + errno_text(err));
}

}  // namespace sfc::sinks
