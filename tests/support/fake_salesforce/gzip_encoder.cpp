#include "fake_salesforce/gzip_encoder.hpp"

#include <stdexcept>

namespace sfc::test::fake_sf {

gzip_encoder::gzip_encoder() {
    // windowBits 15 + 16 selects the gzip wrapper; level 6 is zlib's (and most servers') default.
    if (deflateInit2(&z_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
}

gzip_encoder::~gzip_encoder() {
    deflateEnd(&z_);
}

void gzip_encoder::write(std::string_view input, std::string& out, flush mode) {
    const int z_flush = mode == flush::finish ? Z_FINISH
                        : mode == flush::sync ? Z_SYNC_FLUSH
                                              : Z_NO_FLUSH;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z_.avail_in = uInt(input.size());
    for (;;) {
        char buf[16384];
        z_.next_out = reinterpret_cast<Bytef*>(buf);
        z_.avail_out = sizeof buf;
        const int rc = deflate(&z_, z_flush);
        if (rc == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
        out.append(buf, sizeof buf - z_.avail_out);
        // Done when zlib had room to spare (all input taken and flushed), or the stream ended.
        if (rc == Z_STREAM_END || (z_.avail_out != 0 && z_.avail_in == 0)) break;
    }
}

}  // namespace sfc::test::fake_sf
