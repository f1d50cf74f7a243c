#include "format/pair_writer.hpp"

#include <string_view>

namespace sfc::format {

pair_writer::pair_writer(char separator) : separator_(separator) {
    out_.reserve(1024);
    keys_.reserve(64);
}

void pair_writer::begin() {
    mark_ = out_.size();
    if (!out_.empty()) out_.push_back(separator_);
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
    std::uint32_t hash = 2166136261u;  // FNV-1a: keys are short, so a simple hash is enough
    for (const char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    for (const key& k : keys_) {
        if (k.hash == hash && text.substr(k.at, k.size) == name) return false;
    }
    keys_.push_back({static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(size), hash});
    return true;
}

}  // namespace sfc::format
