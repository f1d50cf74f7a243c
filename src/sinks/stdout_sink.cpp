#include "sinks/stdout_sink.hpp"

#include "sinks/line_writer.hpp"

namespace sfc::sinks {

boost::asio::awaitable<send_result> stdout_sink::send(std::span<const event> events) {
    if (events.empty()) co_return send_result{};
    render_lines(buffer_, events);
    const std::error_code err = out_.write_all(buffer_);
    if (!err) co_return send_result{};
    if (platform::is_broken_pipe(err)) {
        co_return send_result::failed(send_status::fatal,
                                      "stdout: the reading end of the pipe is closed (EPIPE)");
    }
    co_return send_result::failed(send_status::retry, "stdout: write failed: " + err.message());
}

}  // namespace sfc::sinks
