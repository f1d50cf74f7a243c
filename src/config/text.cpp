#include "config/text.hpp"

#include <algorithm>
#include <cctype>

#include "config/config_error.hpp"
#include "net/text.hpp"

namespace sfc::config {

std::string lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), net::ascii_lower);
    return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return net::iequals(a, b);
}

bool is_plain_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
}

std::string check_plain_name(const std::string& name,
                             std::string_view what,
                             std::string_view example) {
    if (!is_plain_name(name)) {
        throw value_error(std::string(what) + " is up to 64 letters, digits, '_', '-' and '.'",
                          "use e.g. name: " + std::string(example));
    }
    return name;
}

}  // namespace sfc::config
