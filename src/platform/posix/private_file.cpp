#include "platform/private_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace sfc::platform {
namespace {

std::error_code last_error() {
    return {errno, std::generic_category()};
}

std::error_code write_fully(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return last_error();
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

/// Writes, syncs and closes `fd`; the first error wins.
std::error_code finish(int fd, std::string_view data) {
    std::error_code ec = write_fully(fd, data);
    if (!ec && ::fsync(fd) != 0) ec = last_error();
    if (::close(fd) != 0 && !ec) ec = last_error();
    return ec;
}

// O_EXCL: the check for an existing file and the creation are one step, and a symlink planted
// at `path` is not followed.
std::error_code write_new(const std::filesystem::path& path, std::string_view data) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return last_error();
    const std::error_code ec = finish(fd, data);
    if (ec) ::unlink(path.c_str());
    return ec;
}

std::error_code write_and_rename(const std::filesystem::path& path, std::string_view data) {
    std::string temp = path.string() + ".XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);  // mkostemp creates with mode 0600
    if (fd < 0) return last_error();
    std::error_code ec = finish(fd, data);
    if (!ec && ::rename(temp.c_str(), path.c_str()) != 0) ec = last_error();
    if (ec) ::unlink(temp.c_str());
    return ec;
}

}  // namespace

std::error_code write_private_file(const std::filesystem::path& path,
                                   std::string_view data,
                                   bool replace) {
    return replace ? write_and_rename(path, data) : write_new(path, data);
}

}  // namespace sfc::platform
