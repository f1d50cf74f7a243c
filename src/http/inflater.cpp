#include "http/inflater.hpp"

#include <string>

namespace sfc::http {
namespace {

// 15 = the largest window; +32 = detect a gzip or zlib header by itself.
constexpr int window_bits_auto = 15 + 32;

}  // namespace

inflater::inflater() {
    if (inflateInit2(&zs_, window_bits_auto) != Z_OK) throw inflate_error("out of memory");
}

inflater::~inflater() {
    inflateEnd(&zs_);
}

void inflater::set_input(std::string_view compressed) {
    // zlib's API is not const-correct; it never writes through next_in.
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    zs_.avail_in = static_cast<uInt>(compressed.size());
}

std::string_view inflater::next(std::span<char> out) {
    zs_.next_out = reinterpret_cast<Bytef*>(out.data());
    zs_.avail_out = static_cast<uInt>(out.size());
    while (zs_.avail_out > 0) {
        if (finished_) {
            if (zs_.avail_in == 0) break;
            // Another gzip member follows the one that just ended (concatenated gzip files).
            inflateReset(&zs_);
            finished_ = false;
        }
        const int rc = inflate(&zs_, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            finished_ = true;
        } else if (rc == Z_BUF_ERROR) {
            break;  // no progress possible: needs more input
        } else if (rc != Z_OK) {
            throw inflate_error(zs_.msg ? std::string(zs_.msg) : "corrupt compressed data");
        }
        // Input used up with room to spare means nothing is pending inside zlib; with the output
        // full, the next call may still drain a pending copy without new input.
        if (zs_.avail_in == 0 && zs_.avail_out > 0) break;
    }
    return {out.data(), out.size() - zs_.avail_out};
}

}  // namespace sfc::http
