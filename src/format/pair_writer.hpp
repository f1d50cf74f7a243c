#pragma once
// CEF extensions and LEEF attributes: key=value pairs joined by a separator, each key once.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sfc::format {

/// Writes pairs into one string. A key already written is not written again: the pair is taken
/// back. Keys are remembered as places in the text in a small open-addressing table keyed by
/// their hash, so a pair costs no allocation and finding a key is one probe or two.
class pair_writer {
public:
    /// Pairs follow `prefix` (a message's header): the first one gets no separator.
    explicit pair_writer(char separator, std::string prefix = {});

    /// Starts a pair (writes the separator); the caller then appends the key to text().
    void begin();
    /// Ends the key appended since begin(): false, and the pair taken back, when it is empty or
    /// was written before; else writes '=' and the caller appends the value.
    bool end_key();
    std::string& text() { return out_; }

private:
    struct key {
        std::uint32_t at = 0;
        std::uint32_t size = 0;  // 0: a free slot (keys are never empty)
        std::uint32_t hash = 0;
    };
    bool is_new(std::size_t at, std::size_t size);
    void grow();

    std::string out_;
    char separator_;
    std::size_t start_ = 0;   // where the pairs begin, after the prefix
    std::size_t mark_ = 0;    // out_'s size before the pair being written
    std::size_t key_at_ = 0;  // where its key starts
    std::vector<key> slots_;  // a power of two, at most half full
    std::size_t used_ = 0;
};

}  // namespace sfc::format
