#include "crypto/rs256.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace sfc::crypto {
namespace {

struct md_ctx_deleter {
    void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

[[noreturn]] void fail(std::string_view step) {
    // The library's reason text names the failure, never the key's bytes.
    const unsigned long code = ERR_get_error();
    const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
    ERR_clear_error();
    throw std::runtime_error("RS256 signing failed in " + std::string(step) + ": " +
                             (reason ? reason : "no reason given"));
}

}  // namespace

std::string sign_rs256(const private_key& key, std::string_view data) {
    std::unique_ptr<EVP_MD_CTX, md_ctx_deleter> ctx(EVP_MD_CTX_new());
    if (!ctx) fail("EVP_MD_CTX_new");
    if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
        fail("EVP_DigestSignInit");
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t length = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size()) != 1) {
        fail("EVP_DigestSign");
    }
    std::string signature(length, '\0');
    auto* out = reinterpret_cast<unsigned char*>(signature.data());
    if (EVP_DigestSign(ctx.get(), out, &length, bytes, data.size()) != 1) fail("EVP_DigestSign");
    signature.resize(length);
    return signature;
}

}  // namespace sfc::crypto
