#pragma once
// CEF extensions and LEEF attributes: key=value pairs joined by a separator, each key once.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sfc::format {

/// Writes pairs into one string. A key already written is not written again: the pair is taken
/// back. Keys are remembered as places in the text with a hash each, so a pair costs no
/// allocation and a line's few dozen keys compare as integers.
class pair_writer {
public:
    explicit pair_writer(char separator);

    /// Starts a pair (writes the separator); the caller then appends the key to text().
    void begin();
    /// Ends the key appended since begin(): false, and the pair taken back, when it is empty or
    /// was written before; else writes '=' and the caller appends the value.
    bool end_key();
    std::string& text() { return out_; }

private:
    struct key {
        std::uint32_t at;
        std::uint32_t size;
        std::uint32_t hash;
    };
    bool is_new(std::size_t at, std::size_t size);

    std::string out_;
    char separator_;
    std::size_t mark_ = 0;    // out_'s size before the pair being written
    std::size_t key_at_ = 0;  // where its key starts
    std::vector<key> keys_;
};

}  // namespace sfc::format
