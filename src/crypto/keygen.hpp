#pragma once
// The set-up guide's OpenSSL steps, in memory: the RSA key ("Creating a Private Key and
// Self-Signed Digital Certificate", Step 3), the self-signed SHA-256 certificate (Steps 4 and 5),
// the key encrypted with AES-256 (server.pass.key, Step 3) and the PKCS#12 keystore ("Converting
// server.crt to JKS Keystore File", Step 2). Writing the files is the caller's business.

#include <openssl/types.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "crypto/private_key.hpp"

namespace sfc::crypto {

/// Something keygen could not make. what() is one line; it never holds key material or a
/// passphrase.
class keygen_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The guide's minimum export password length for a PKCS#12 keystore (keytool needs 6).
inline constexpr std::size_t min_pkcs12_password = 6;

/// Key material (PEM text or DER bytes), wiped from memory when it goes. Move-only.
class key_bytes {
public:
    key_bytes() = default;
    /// Takes `bytes`, wiping what a short string leaves behind in its inline buffer.
    explicit key_bytes(std::string&& bytes) noexcept;
    key_bytes(key_bytes&& other) noexcept;
    key_bytes& operator=(key_bytes&& other) noexcept;
    key_bytes(const key_bytes&) = delete;
    key_bytes& operator=(const key_bytes&) = delete;
    ~key_bytes();

    std::string_view view() const noexcept { return bytes_; }

private:
    std::string bytes_;
};

/// The certificate's subject, which is also its issuer (self-signed). Empty fields are left out.
struct certificate_subject {
    std::string country;                      ///< C, two letters
    std::string state;                        ///< ST
    std::string locality;                     ///< L
    std::string organization;                 ///< O
    std::string organizational_unit;          ///< OU
    std::string common_name = "sfcollector";  ///< CN
    std::string email;                        ///< emailAddress
};

/// An X.509 certificate. Move-only.
class certificate {
public:
    /// Takes ownership of `cert` (not null).
    explicit certificate(X509* cert) noexcept;
    X509* get() const noexcept { return cert_.get(); }

private:
    struct deleter {
        void operator()(X509* cert) const noexcept;
    };
    std::unique_ptr<X509, deleter> cert_;
};

/// A new RSA key of `bits` bits (at least 2048). Throws keygen_error.
private_key generate_rsa_key(int bits);

/// A self-signed X.509 v3 certificate over `key`, signed with SHA-256, valid from `now` for
/// `days` days, with a random serial number. Throws keygen_error (e.g. a country that is not two
/// letters).
certificate make_self_signed_certificate(const private_key& key,
                                         const certificate_subject& subject,
                                         int days,
                                         std::chrono::system_clock::time_point now);

/// server.key and server.pem: unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), as OpenSSL 3's
/// `openssl rsa` writes it in Step 3.
key_bytes private_key_pem(const private_key& key);

/// server.pass.key: PKCS#8 PEM encrypted with AES-256-CBC ("BEGIN ENCRYPTED PRIVATE KEY"), as
/// `openssl genpkey -aes-256-cbc` writes it in Step 3. Throws keygen_error on an empty passphrase.
key_bytes encrypted_private_key_pem(const private_key& key, std::string_view passphrase);

/// keystore.p12: DER PKCS#12 holding `key` and `cert` under the friendly name (the alias keytool
/// gives the entry) `alias`, both encrypted with AES-256-CBC (PBES2, PBKDF2 with HMAC-SHA256)
/// and an HMAC-SHA256 integrity MAC: OpenSSL 3's defaults, which `openssl pkcs12` reads without
/// -legacy. Throws keygen_error when `password` is shorter than min_pkcs12_password.
key_bytes pkcs12_keystore(const private_key& key,
                          const certificate& cert,
                          std::string_view password,
                          std::string_view alias);

/// server.crt: the certificate as PEM.
std::string certificate_pem(const certificate& cert);

/// The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it: 32 upper-case hex
/// pairs joined by ':'.
std::string sha256_fingerprint(const certificate& cert);

/// The end of the validity period, "2027-05-21 14:05:58 UTC".
std::string not_after_text(const certificate& cert);

/// The subject on one line, as `openssl x509 -subject` prints it ("C = US, O = Acme, CN = x").
std::string subject_text(const certificate& cert);

}  // namespace sfc::crypto
