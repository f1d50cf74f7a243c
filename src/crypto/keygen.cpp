// Each piece is what the guide's openssl commands make (PKCS#8 keys, AES-256-CBC, SHA-256), so a
// file keygen writes can stand in for one made by hand and the other way round.
#include "crypto/keygen.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <string>
#include <utility>

#include "crypto/key_diagnostics.hpp"

namespace sfc::crypto {
namespace {

constexpr int min_rsa_bits = 2048;
constexpr int max_rsa_bits = 16384;  // OpenSSL's own limit
constexpr int serial_bits = 159;     // positive and within RFC 5280's 20 octets

[[noreturn]] void fail(const std::string& problem) {
    ERR_clear_error();
    throw keygen_error(problem);
}

struct bio_deleter {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct bn_deleter {
    void operator()(BIGNUM* bn) const noexcept { BN_free(bn); }
};
struct extension_deleter {
    void operator()(X509_EXTENSION* ext) const noexcept { X509_EXTENSION_free(ext); }
};
struct pkcs12_deleter {
    void operator()(PKCS12* p12) const noexcept { PKCS12_free(p12); }
};
using bio_ptr = std::unique_ptr<BIO, bio_deleter>;

/// A memory BIO; a `secret` one wipes its buffer when freed (BIO_s_secmem).
bio_ptr memory_bio(bool secret) {
    bio_ptr bio(BIO_new(secret ? BIO_s_secmem() : BIO_s_mem()));
    if (!bio) fail("out of memory");
    return bio;
}

std::string bio_contents(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string out;
    // One allocation of the final size: no reallocation leaves copies of key material behind.
    out.reserve(static_cast<std::size_t>(size));
    out.append(data, static_cast<std::size_t>(size));
    return out;
}

void set_random_serial(X509* cert) {
    std::unique_ptr<BIGNUM, bn_deleter> serial(BN_new());
    if (!serial || !BN_rand(serial.get(), serial_bits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert))) {
        fail("cannot make the certificate's serial number");
    }
}

void set_validity(X509* cert, int days, std::chrono::system_clock::time_point now) {
    if (days < 1) fail("the certificate must be valid for at least one day");
    const std::time_t start = std::chrono::system_clock::to_time_t(now);
    if (!ASN1_TIME_set(X509_getm_notBefore(cert), start) ||
        !ASN1_TIME_adj(X509_getm_notAfter(cert), start, days, 0)) {
        fail("cannot set the certificate's validity of " + std::to_string(days) + " days");
    }
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
    if (value.empty()) return;
    if (!X509_NAME_add_entry_by_txt(name,
                                    field,
                                    MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(value.data()),
                                    static_cast<int>(value.size()),
                                    -1,
                                    0)) {
        // OpenSSL checks the lengths X.520 allows: C is two letters, most others 1 to 64.
        fail(std::string("the certificate subject's ") + field + " '" + value +
             "' is not valid there (C takes two letters, the others at most 64 characters)");
    }
}

/// Subject and issuer, in the order `openssl req` asks for them.
void set_names(X509* cert, const certificate_subject& subject) {
    X509_NAME* name = X509_get_subject_name(cert);
    add_name_entry(name, "C", subject.country);
    add_name_entry(name, "ST", subject.state);
    add_name_entry(name, "L", subject.locality);
    add_name_entry(name, "O", subject.organization);
    add_name_entry(name, "OU", subject.organizational_unit);
    add_name_entry(name, "CN", subject.common_name);
    add_name_entry(name, "emailAddress", subject.email);
    if (!X509_set_issuer_name(cert, name)) fail("cannot set the certificate's issuer");
}

void add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, extension_deleter> extension(
        X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    if (!extension || !X509_add_ext(cert, extension.get(), -1)) {
        fail(std::string("cannot add the certificate extension ") + OBJ_nid2sn(nid));
    }
}

/// A cleansed copy of a passphrase with its NUL terminator, for the OpenSSL calls that take a C
/// string.
detail::cleansed_string c_passphrase(std::string_view passphrase, const char* what) {
    if (passphrase.find('\0') != std::string_view::npos) {
        fail(std::string("the ") + what + " contains a NUL character");
    }
    return detail::cleansed_string{std::string(passphrase)};
}

/// Overwrites the whole buffer of `s` (its capacity, not only its size) and empties it: a moved
/// short string keeps its characters in the inline buffer it leaves behind.
void wipe(std::string& s) noexcept {
    s.resize(s.capacity());  // within the capacity: no allocation
    OPENSSL_cleanse(s.data(), s.size());
    s.clear();
}

}  // namespace

key_bytes::key_bytes(std::string&& bytes) noexcept : bytes_(std::move(bytes)) {
    wipe(bytes);
}

key_bytes::key_bytes(key_bytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
    wipe(other.bytes_);
}

key_bytes& key_bytes::operator=(key_bytes&& other) noexcept {
    if (this != &other) {
        wipe(bytes_);
        bytes_ = std::move(other.bytes_);
        wipe(other.bytes_);
    }
    return *this;
}

key_bytes::~key_bytes() {
    wipe(bytes_);
}

certificate::certificate(X509* cert) noexcept : cert_(cert) {}

void certificate::deleter::operator()(X509* cert) const noexcept {
    X509_free(cert);
}

private_key generate_rsa_key(int bits) {
    if (bits < min_rsa_bits || bits > max_rsa_bits) {
        fail("an RSA key for Salesforce needs 2048 to 16384 bits, not " + std::to_string(bits));
    }
    EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
    if (!key) fail("OpenSSL could not generate a " + std::to_string(bits) + "-bit RSA key");
    return private_key(key);
}

certificate make_self_signed_certificate(const private_key& key,
                                         const certificate_subject& subject,
                                         int days,
                                         std::chrono::system_clock::time_point now) {
    certificate cert(X509_new());
    X509* x = cert.get();
    if (!x || !X509_set_version(x, X509_VERSION_3)) fail("out of memory");
    set_random_serial(x);
    set_validity(x, days, now);
    set_names(x, subject);
    if (!X509_set_pubkey(x, key.get())) fail("cannot put the public key in the certificate");
    // The key identifier lets tools tell certificates with the same subject apart; CA:FALSE
    // keeps the certificate from vouching for others should someone trust it as an anchor.
    add_extension(x, NID_subject_key_identifier, "hash");
    add_extension(x, NID_basic_constraints, "CA:FALSE");
    if (X509_sign(x, key.get(), EVP_sha256()) <= 0) fail("cannot sign the certificate");
    return cert;
}

key_bytes private_key_pem(const private_key& key) {
    bio_ptr bio = memory_bio(true);
    if (!PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        fail("cannot encode the private key as PEM");
    }
    return key_bytes(bio_contents(bio.get()));
}

key_bytes encrypted_private_key_pem(const private_key& key, std::string_view passphrase) {
    if (passphrase.empty()) fail("the passphrase for the encrypted key is empty");
    bio_ptr bio = memory_bio(true);
    if (!PEM_write_bio_PrivateKey(bio.get(),
                                  key.get(),
                                  EVP_aes_256_cbc(),
                                  reinterpret_cast<const unsigned char*>(passphrase.data()),
                                  static_cast<int>(passphrase.size()),
                                  nullptr,
                                  nullptr)) {
        fail("cannot encrypt the private key");
    }
    return key_bytes(bio_contents(bio.get()));
}

key_bytes pkcs12_keystore(const private_key& key,
                          const certificate& cert,
                          std::string_view password,
                          std::string_view alias) {
    if (password.size() < min_pkcs12_password) {
        fail("the PKCS#12 export password has " + std::to_string(password.size()) +
             " characters; it needs at least " + std::to_string(min_pkcs12_password));
    }
    const auto pass = c_passphrase(password, "PKCS#12 export password");
    const std::string name(alias);
    // AES-256-CBC for key and certificates (PBES2 with HMAC-SHA256); the MAC is added below,
    // because PKCS12_create would pick its digest itself.
    std::unique_ptr<PKCS12, pkcs12_deleter> p12(PKCS12_create(pass.text.c_str(),
                                                              name.c_str(),
                                                              key.get(),
                                                              cert.get(),
                                                              nullptr,
                                                              NID_aes_256_cbc,
                                                              NID_aes_256_cbc,
                                                              PKCS12_DEFAULT_ITER,
                                                              -1,
                                                              0));
    if (!p12 ||
        !PKCS12_set_mac(
            p12.get(), pass.text.c_str(), -1, nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256())) {
        fail("cannot build the PKCS#12 keystore");
    }
    bio_ptr bio = memory_bio(true);
    if (i2d_PKCS12_bio(bio.get(), p12.get()) <= 0) fail("cannot encode the PKCS#12 keystore");
    return key_bytes(bio_contents(bio.get()));
}

std::string certificate_pem(const certificate& cert) {
    bio_ptr bio = memory_bio(false);
    if (!PEM_write_bio_X509(bio.get(), cert.get())) fail("cannot encode the certificate as PEM");
    return bio_contents(bio.get());
}

std::string sha256_fingerprint(const certificate& cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (!X509_digest(cert.get(), EVP_sha256(), digest, &size)) {
        fail("cannot compute the certificate's fingerprint");
    }
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        if (i > 0) out += ':';
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0F];
    }
    return out;
}

std::string not_after_text(const certificate& cert) {
    std::tm tm{};
    if (!ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm)) {
        fail("cannot read the certificate's expiry");
    }
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return text;
}

std::string subject_text(const certificate& cert) {
    bio_ptr bio = memory_bio(false);
    constexpr unsigned long flags =
        (XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
    if (X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert.get()), 0, flags) < 0) {
        fail("cannot print the certificate's subject");
    }
    return bio_contents(bio.get());
}

}  // namespace sfc::crypto
