#pragma once
// Counts and sizes as operators write them: "500", "64MiB". Sizes use binary units only
// (KiB, MiB, GiB = powers of 1024); KB/MB/GB are refused because half the world reads them as
// powers of 1000 and the other half as powers of 1024.

#include <cstdint>
#include <string_view>

namespace sfc::config {

/// The largest size accepted anywhere: beyond it a value is surely a typo.
inline constexpr std::uint64_t max_size_bytes = std::uint64_t{16} << 30;

/// A whole number without sign. Throws value_error for anything else or values over 2^63.
std::uint64_t parse_count(std::string_view text);

/// Bytes: a whole number, optionally followed by KiB, MiB or GiB (case-insensitive, an optional
/// space between). Throws value_error for other units and sizes over max_size_bytes.
std::uint64_t parse_size(std::string_view text);

/// A decimal number such as 0.25 (no sign, exponent or unit checks: the caller checks the range).
/// Throws value_error "not a number", with `fix` as the fix.
double parse_decimal(std::string_view text, std::string_view fix);

/// `value` when within [min, max]; else value_error "out of range", with `fix` as the fix.
std::uint64_t check_range(std::uint64_t value,
                          std::uint64_t min,
                          std::uint64_t max,
                          std::string_view fix);

}  // namespace sfc::config
