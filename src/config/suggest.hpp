#pragma once
// "did you mean ...?" for misspelt keys.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace sfc::config {

/// Edit distance (insertions, deletions, substitutions and swaps of neighbours), ASCII
/// case-insensitive (a case slip costs nothing).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` (the first on a tie), if close enough to be the likely intent:
/// one edit for words of up to 4 letters, two for longer ones.
std::optional<std::string_view> closest_name(std::string_view word,
                                             std::span<const std::string_view> candidates);

}  // namespace sfc::config
