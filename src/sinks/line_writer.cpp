#include "sinks/line_writer.hpp"

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

}  // namespace sfc::sinks
