// The parts of platform::file that do not touch the system; posix/file.cpp and windows/file.cpp
// hold the rest.
#include "platform/file.hpp"

#include <utility>

namespace sfc::platform {

file::file(file&& other) noexcept
    : handle_(std::exchange(other.handle_, invalid)), owned_(other.owned_) {}

file& file::operator=(file&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = std::exchange(other.handle_, invalid);
        owned_ = other.owned_;
    }
    return *this;
}

file::~file() {
    close();
}

file file::adopt(std::intptr_t native, bool owned) {
    return file(native, owned);
}

}  // namespace sfc::platform
