// The parts of platform::file that do not touch the system; posix/file.cpp and windows/file.cpp
// hold the rest.
#include "platform/file.hpp"

#include <string>
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

std::string describe_small_file_failure(const small_file_result& result,
                                        std::string_view kind,
                                        std::uint64_t limit) {
    switch (result.status) {
        case small_file_status::ok:
            return "was read";
        case small_file_status::cannot_open:
            return "cannot be opened: " + result.error.message();
        case small_file_status::not_regular:
            return "is not a regular file (a directory, FIFO, socket or device)";
        case small_file_status::too_large:
            return "is " + std::to_string(result.size) + " bytes; the limit for a " +
                   std::string(kind) + " is " + std::to_string(limit);
        case small_file_status::read_failed:
            return "cannot be read: " + result.error.message();
    }
    return "cannot be read";
}

file file::adopt(std::intptr_t native, bool owned) {
    return file(native, owned);
}

}  // namespace sfc::platform
