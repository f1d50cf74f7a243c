#pragma once
// The RSA private key that signs JWT assertions (server.pem from the set-up guide).

#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace sfc::crypto {

/// A key file the collector cannot use. what() is one line naming the file and the fix; it never
/// contains key material.
class key_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Owns an OpenSSL key. Movable, not copyable, and has no way to print its material.
class private_key {
public:
    /// Takes ownership of `key` (not null).
    explicit private_key(EVP_PKEY* key) noexcept;

    EVP_PKEY* get() const noexcept { return key_.get(); }
    /// Modulus size in bits.
    int bits() const noexcept;

private:
    struct deleter {
        void operator()(EVP_PKEY* key) const noexcept;
    };
    std::unique_ptr<EVP_PKEY, deleter> key_;
};

/// Reads a PEM RSA private key (PKCS#1 or PKCS#8, unencrypted, at least 2048 bits).
/// Throws key_error.
private_key load_private_key_file(const std::filesystem::path& path);

/// As load_private_key_file, from PEM text; `name_for_messages` stands for the file in errors.
private_key load_private_key_pem(std::string_view pem, std::string_view name_for_messages);

}  // namespace sfc::crypto
