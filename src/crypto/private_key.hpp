#pragma once
// The RSA private key that signs JWT assertions (server.pem from the set-up guide), read from a PEM
// file (plain or passphrase-protected) or a PKCS#12 keystore.

#include <openssl/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::crypto {

/// A key file the collector cannot use. what() is one line naming the file and the fix; it never
/// contains key material or the passphrase.
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

/// Reads an RSA private key of at least 2048 bits from `path`, recognised by content (never by
/// file extension): PEM PKCS#1 or PKCS#8, plain or encrypted ("ENCRYPTED PRIVATE KEY", or
/// "Proc-Type: 4,ENCRYPTED"), or a binary PKCS#12 keystore (.p12/.pfx; its certificates are
/// ignored). `passphrase` decrypts the key or opens the keystore; OpenSSL never prompts for one.
/// Throws key_error.
private_key load_private_key_file(const std::filesystem::path& path,
                                  std::optional<std::string_view> passphrase = std::nullopt);

/// As load_private_key_file, from PEM text; `name_for_messages` stands for the file in errors.
private_key load_private_key_pem(std::string_view pem,
                                 std::string_view name_for_messages,
                                 std::optional<std::string_view> passphrase = std::nullopt);

/// A one-line warning naming `path`, its mode in octal and the fix (chmod 600) when the file's mode
/// lets its group or other users read or write it; nullopt otherwise, or when stat fails (the
/// load reports a missing file).
std::optional<std::string> key_file_permission_warning(const std::filesystem::path& path);

}  // namespace sfc::crypto
