#include "crypto/key_diagnostics.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstring>

namespace sfc::crypto::detail {
namespace {

constexpr int min_rsa_bits = 2048;

}  // namespace

void fail(std::string_view name, std::string_view problem, std::string_view fix) {
    ERR_clear_error();
    std::string message;
    message.append(name).append(": ").append(problem).append("; ").append(fix);
    throw key_error(message);
}

void check_usable(std::string_view name, const private_key& key) {
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        fail(name,
             std::string("the key type is ") + (type ? type : "unknown") + ", not RSA",
             "Salesforce's JWT bearer flow accepts only RSA keys: make one as in " +
                 std::string(step3));
    }
    if (key.bits() < min_rsa_bits) {
        fail(name,
             "the RSA key has only " + std::to_string(key.bits()) + " bits",
             "regenerate a 2048-bit key as in " + std::string(step3) +
                 ", and upload the new certificate to the External Client App");
    }
}

int passphrase_callback(char* buffer, int size, int /*rwflag*/, void* userdata) {
    const auto* source = static_cast<const passphrase_source*>(userdata);
    if (source == nullptr || !source->passphrase) return -1;
    const std::string_view passphrase = *source->passphrase;
    // A longer passphrase than OpenSSL's buffer would be silently cut: refuse it instead.
    if (size < 0 || passphrase.size() > static_cast<std::size_t>(size)) return -1;
    std::memcpy(buffer, passphrase.data(), passphrase.size());
    return static_cast<int>(passphrase.size());
}

}  // namespace sfc::crypto::detail
