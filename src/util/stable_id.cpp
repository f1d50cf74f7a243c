#include "util/stable_id.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace sfc::util {

std::string stable_event_id(std::initializer_list<std::string_view> parts) {
    using ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
    ctx_ptr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    bool ok = ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1;
    bool first = true;
    for (std::string_view part : parts) {
        if (!first) ok = ok && EVP_DigestUpdate(ctx.get(), "\x1f", 1) == 1;
        ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
        first = false;
    }
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    ok = ok && EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) == 1 && length >= 16;
    if (!ok) throw std::runtime_error("stable_event_id: OpenSSL SHA-256 failed");

    constexpr char hex[] = "0123456789abcdef";
    std::string id(32, '0');
    for (std::size_t i = 0; i < 16; ++i) {
        id[2 * i] = hex[digest[i] >> 4];
        id[2 * i + 1] = hex[digest[i] & 0xF];
    }
    return id;
}

}  // namespace sfc::util
