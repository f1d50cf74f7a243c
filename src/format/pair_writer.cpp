#include "format/pair_writer.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace sfc::format {
namespace {

// The key's size and its first and last 8 bytes, mixed: keys differ there nearly always, and a
// clash only costs a comparison. Cheaper than a hash over every byte.
std::uint32_t hash_of(std::string_view key) {
    std::uint64_t head = 0, tail = 0;
    std::memcpy(&head, key.data(), std::min<std::size_t>(key.size(), 8));
    if (key.size() > 8) std::memcpy(&tail, key.data() + key.size() - 8, 8);
    const std::uint64_t mixed =
        head * 0x9E3779B97F4A7C15ULL ^ tail * 0xC2B2AE3D27D4EB4FULL ^ key.size();
    return static_cast<std::uint32_t>(mixed >> 32);
}

}  // namespace

pair_writer::pair_writer(char separator, std::string prefix)
    : out_(std::move(prefix)), separator_(separator), start_(out_.size()) {
    out_.reserve(out_.size() + 1024);
    slots_.resize(128);
}

void pair_writer::begin() {
    mark_ = out_.size();
    if (out_.size() > start_) out_.push_back(separator_);
    key_at_ = out_.size();
}

bool pair_writer::end_key() {
    const std::size_t size = out_.size() - key_at_;
    if (size == 0 || !is_new(key_at_, size)) {
        out_.resize(mark_);
        return false;
    }
    out_.push_back('=');
    return true;
}

bool pair_writer::is_new(std::size_t at, std::size_t size) {
    const std::string_view text = out_;
    const std::string_view name = text.substr(at, size);
    const std::uint32_t hash = hash_of(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        key& slot = slots_[i];
        if (slot.size == 0) {
            slot = {static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(size), hash};
            if (++used_ * 2 > slots_.size()) grow();
            return true;
        }
        if (slot.hash == hash && text.substr(slot.at, slot.size) == name) return false;
    }
}

void pair_writer::grow() {
    std::vector<key> old(slots_.size() * 2);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const key& k : old) {
        if (k.size == 0) continue;
        std::size_t i = k.hash & mask;
        while (slots_[i].size != 0) i = (i + 1) & mask;
        slots_[i] = k;
    }
}

}  // namespace sfc::format
