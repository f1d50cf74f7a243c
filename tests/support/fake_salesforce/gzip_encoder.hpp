#pragma once
// Streaming gzip (zlib deflate with a gzip wrapper), so a large body is compressed piece by
// piece without ever being whole in memory.

#include <zlib.h>
#include <string>
#include <string_view>

namespace sfc::test::fake_sf {

class gzip_encoder {
public:
    enum class flush { none, sync, finish };
    gzip_encoder();
    ~gzip_encoder();
    gzip_encoder(const gzip_encoder&) = delete;
    gzip_encoder& operator=(const gzip_encoder&) = delete;

    /// Compresses input and appends what zlib emits to out. `sync` makes everything so far
    /// decodable; `finish` ends the stream (write nothing after it).
    void write(std::string_view input, std::string& out, flush mode);

private:
    z_stream z_{};
};

}  // namespace sfc::test::fake_sf
