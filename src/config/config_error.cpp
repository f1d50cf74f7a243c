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
    if (!field.empty()) text.append(field).append(": ");
    text.append(message);
    return text;
}

}  // namespace sfc::config
