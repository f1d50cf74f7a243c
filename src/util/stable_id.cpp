#include "util/stable_id.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace sfc::util {
namespace {

using ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

ctx_ptr new_ctx() {
    return ctx_ptr(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
}

[[noreturn]] void fail() {
    throw std::runtime_error("stable event id: OpenSSL SHA-256 failed");
}

bool begin(EVP_MD_CTX* ctx, const EVP_MD* md = EVP_sha256()) {
    return ctx && EVP_DigestInit_ex(ctx, md, nullptr) == 1;
}

/// The first 16 bytes of the digest in `ctx`, in hex.
std::string finish_hex(EVP_MD_CTX* ctx) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1 || length < 16) fail();
    constexpr char hex[] = "0123456789abcdef";
    std::string id(32, '0');
    for (std::size_t i = 0; i < 16; ++i) {
        id[2 * i] = hex[digest[i] >> 4];
        id[2 * i + 1] = hex[digest[i] & 0xF];
    }
    return id;
}

}  // namespace

std::string stable_event_id(std::initializer_list<std::string_view> parts) {
    ctx_ptr ctx = new_ctx();
    bool ok = begin(ctx.get());
    bool first = true;
    for (std::string_view part : parts) {
        if (!first) ok = ok && EVP_DigestUpdate(ctx.get(), "\x1f", 1) == 1;
        ok = ok && EVP_DigestUpdate(ctx.get(), part.data(), part.size()) == 1;
        first = false;
    }
    if (!ok) fail();
    return finish_hex(ctx.get());
}

struct stable_id_hasher::digest {
    ctx_ptr ctx = new_ctx();
    // Fetched once: OpenSSL 3 looks EVP_sha256() up in its provider store on every init.
    std::unique_ptr<EVP_MD, decltype(&EVP_MD_free)> md{EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                                       &EVP_MD_free};
};

stable_id_hasher::stable_id_hasher() : digest_(std::make_unique<digest>()) {
    if (!digest_->ctx || !digest_->md) fail();
}
stable_id_hasher::~stable_id_hasher() = default;
stable_id_hasher::stable_id_hasher(stable_id_hasher&&) noexcept = default;
stable_id_hasher& stable_id_hasher::operator=(stable_id_hasher&&) noexcept = default;

void stable_id_hasher::encode(std::string& out, std::string_view part) {
    // LEB128: one byte for the usual short cell, which matters since the hash's cost grows with
    // its input and a row is mostly short cells.
    std::uint64_t n = part.size();
    while (n >= 0x80) {
        out.push_back(static_cast<char>((n & 0x7F) | 0x80));
        n >>= 7;
    }
    out.push_back(static_cast<char>(n));
    out.append(part);
}

std::string stable_id_hasher::finish() {
    // One update over the whole input: cheaper than one per part, and the buffer is reused.
    EVP_MD_CTX* ctx = digest_->ctx.get();
    const bool ok =
        begin(ctx, digest_->md.get()) && EVP_DigestUpdate(ctx, input_.data(), input_.size()) == 1;
    input_.clear();
    if (!ok) fail();
    return finish_hex(ctx);
}

}  // namespace sfc::util
