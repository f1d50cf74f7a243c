#include "sinks/line_writer.hpp"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace sfc::sinks {

void render_lines(std::string& buffer, std::span<const event> events) {
    std::size_t total = 0;
    for (const event& e : events) total += e.json.size() + 1;
    buffer.clear();
    buffer.reserve(total);
    for (const event& e : events) {
        buffer += e.json;
        buffer.push_back('\n');
    }
}

int write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}

std::string errno_text(int err) {
    return std::generic_category().message(err);
}

}  // namespace sfc::sinks
