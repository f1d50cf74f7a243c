#include "config/numbers.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <string>

#include "config/config_error.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view size_fix =
    "write a number of bytes, or a whole number with KiB, MiB or GiB (powers of 1024), e.g. 64MiB";

/// Bytes per unit; 0 when the unit is unknown. Decimal-looking units get their own message.
std::uint64_t unit_bytes(std::string_view unit) {
    std::string word = lower_ascii(unit);
    if (word.empty()) return 1;
    if (word == "kib") return std::uint64_t{1} << 10;
    if (word == "mib") return std::uint64_t{1} << 20;
    if (word == "gib") return std::uint64_t{1} << 30;
    for (std::string_view ambiguous : {"k", "m", "g", "kb", "mb", "gb"}) {
        if (word == ambiguous) {
            throw value_error("'" + std::string(unit) + "' is ambiguous (1000 or 1024?)",
                              "write KiB, MiB or GiB (powers of 1024), e.g. 64MiB");
        }
    }
    if (word == "b") return 1;
    throw value_error("not a size", std::string(size_fix));
}

}  // namespace

std::uint64_t parse_count(std::string_view text) {
    constexpr std::string_view fix = "write a whole number, e.g. 500";
    if (text.empty() || text.front() < '0' || text.front() > '9') {
        throw value_error("not a whole number", std::string(fix));
    }
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range ||
        value > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
        throw value_error("the number is too large", std::string(fix));
    }
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw value_error("not a whole number", std::string(fix));
    }
    return value;
}

std::uint64_t parse_size(std::string_view text) {
    auto digits_end =
        std::find_if(text.begin(), text.end(), [](char c) { return c < '0' || c > '9'; });
    std::string_view digits(text.begin(), digits_end);
    std::string_view unit(digits_end, text.end());
    if (unit.starts_with(' ')) unit.remove_prefix(1);
    if (digits.empty()) throw value_error("not a size", std::string(size_fix));
    std::uint64_t multiplier = unit_bytes(unit);
    std::uint64_t count = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    (void)end;
    constexpr std::string_view too_large = "use at most 16GiB";
    if (ec == std::errc::result_out_of_range || count > max_size_bytes / multiplier) {
        throw value_error("the size is too large", std::string(too_large));
    }
    return count * multiplier;
}

double parse_decimal(std::string_view text, std::string_view fix) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        throw value_error("not a number", std::string(fix));
    }
    return value;
}

std::uint64_t check_range(std::uint64_t value,
                          std::uint64_t min,
                          std::uint64_t max,
                          std::string_view fix) {
    if (value < min || value > max) {
        throw value_error(
            "out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")",
            std::string(fix));
    }
    return value;
}

}  // namespace sfc::config
