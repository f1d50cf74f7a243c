#include "config/config_error.hpp"

#include <utility>

namespace sfc::config {

value_error::value_error(std::string problem, std::string fix, value_echo echo)
    : std::runtime_error(problem + "; " + fix),
      problem_(std::move(problem)),
      fix_(std::move(fix)),
      echo_(echo) {}

value_error::value_error(std::string problem, std::string fix, std::string masked_value)
    : value_error(std::move(problem), std::move(fix), value_echo::masked) {
    masked_value_ = std::move(masked_value);
}

std::string format_error(std::string_view file,
                         int line,
                         std::string_view field,
                         std::string_view message) {
    std::string text(file);
    if (line > 0) text.append(":").append(std::to_string(line));
    text.append(": ");
    // A key is the file's text: a control character in it must not split or forge a log line.
    for (const char c : field) {
        const auto byte = static_cast<unsigned char>(c);
        text.push_back(byte < 0x20 || byte == 0x7F ? '?' : c);
    }
    if (!field.empty()) text.append(": ");
    text.append(message);
    return text;
}

}  // namespace sfc::config
