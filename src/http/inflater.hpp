#pragma once
// Streaming zlib decoder for Content-Encoding gzip and deflate: input goes in piece by piece and
// comes out in caller-sized pieces, so a compressed body never has to be held whole.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string_view>

#include <zlib.h>

namespace sfc::http {

class inflate_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class inflater {
public:
    inflater();
    ~inflater();
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;

    /// Hands over the next compressed bytes; they must stay valid until next() returns empty.
    void set_input(std::string_view compressed);
    /// Inflates into out; empty once the current input is used up. Throws inflate_error.
    std::string_view next(std::span<char> out);
    /// True once a complete stream (all members of a multi-member gzip) has been decoded.
    bool finished() const { return finished_; }

private:
    z_stream zs_{};
    bool finished_ = false;
};

}  // namespace sfc::http
