#include "sources/download_schedule.hpp"

namespace sfc::sources {

std::optional<std::size_t> download_schedule::take() {
    std::size_t i = 0;
    if (!due_.empty()) {
        i = *due_.begin();
        due_.erase(due_.begin());
    } else if (next_ < files_) {
        i = next_++;
    } else {
        return std::nullopt;
    }
    ++active_;
    return i;
}

void download_schedule::failed(std::size_t) {
    --active_;
    ++waiting_;
}

void download_schedule::due(std::size_t i) {
    --waiting_;
    due_.insert(i);
}

void download_schedule::finished(std::size_t) {
    --active_;
}

}  // namespace sfc::sources
