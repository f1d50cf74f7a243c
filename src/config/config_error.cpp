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

namespace {

/// Appends the file's text as it may appear on one log line: a control character in it (a key,
/// or a value echoed in the message) must not split or forge a line.
void append_printable(std::string& text, std::string_view part) {
    for (const char c : part) {
        const auto byte = static_cast<unsigned char>(c);
        text.push_back(byte < 0x20 || byte == 0x7F ? '?' : c);
    }
}

}  // namespace

std::string format_error(std::string_view file,
                         int line,
                         std::string_view field,
                         std::string_view message) {
    std::string text(file);
    if (line > 0) text.append(":").append(std::to_string(line));
    text.append(": ");
    append_printable(text, field);
    if (!field.empty()) text.append(": ");
    append_printable(text, message);
    return text;
}

}  // namespace sfc::config
