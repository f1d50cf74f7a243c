#include "fake_salesforce/sf_ids.hpp"

#include <fmt/format.h>

namespace sfc::test::fake_sf {

std::string id_suffix(std::string_view id15) {
    // Each 5-character chunk gives a 5-bit mask of which characters are upper case.
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    std::string out;
    for (std::size_t chunk = 0; chunk < 3; ++chunk) {
        unsigned mask = 0;
        for (std::size_t i = 0; i < 5; ++i) {
            const std::size_t pos = chunk * 5 + i;
            if (pos < id15.size() && id15[pos] >= 'A' && id15[pos] <= 'Z') mask |= 1u << i;
        }
        out += alphabet[mask];
    }
    return out;
}

std::string to_id18(std::string_view id15) {
    return std::string(id15.substr(0, 15)) + id_suffix(id15);
}

std::string sequential_id(std::string_view key_prefix, std::uint64_t n) {
    return to_id18(fmt::format("{}{}{:010}", key_prefix.substr(0, 3), "5j", n % 10'000'000'000));
}

std::string hashed_id(std::string_view key_prefix, std::string_view name) {
    static constexpr char alphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string id15(key_prefix.substr(0, 3));
    id15 += "5j";
    std::uint64_t h = mix64(fnv1a(name));
    while (id15.size() < 15) {
        id15 += alphabet[h % 62];
        h /= 62;
    }
    return to_id18(id15);
}

std::uint64_t fnv1a(std::string_view text) {
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t mix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

}  // namespace sfc::test::fake_sf
