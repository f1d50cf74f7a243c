#pragma once
// Salesforce-shaped record Ids: 15 case-sensitive characters plus the 3-character
// case-insensitivity suffix, and stable hashing for deterministic fake data.

#include <cstdint>
#include <string>
#include <string_view>

namespace sfc::test::fake_sf {

/// The 3-character suffix that turns a 15-character Id into the 18-character one.
std::string id_suffix(std::string_view id15);
/// id15 + id_suffix(id15).
std::string to_id18(std::string_view id15);
/// An 18-character Id: the 3-character key prefix, then n zero-padded (n < 10^12).
std::string sequential_id(std::string_view key_prefix, std::uint64_t n);
/// An 18-character Id derived from a name (e.g. a username), stable across runs.
std::string hashed_id(std::string_view key_prefix, std::string_view name);

/// FNV-1a, for seeds.
std::uint64_t fnv1a(std::string_view text);
/// SplitMix64 finaliser: a well-mixed 64-bit value from any input.
std::uint64_t mix64(std::uint64_t x);

}  // namespace sfc::test::fake_sf
