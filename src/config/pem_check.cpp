#include "config/pem_check.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

namespace sfc::config {
namespace {

struct bio_free {
    void operator()(BIO* b) const { BIO_free(b); }
};

std::unique_ptr<BIO, bio_free> memory_bio(std::string_view content) {
    return std::unique_ptr<BIO, bio_free>(
        BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
}

bool has_certificate(std::string_view content) {
    auto bio = memory_bio(content);
    X509* cert = bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr;
    const bool found = cert != nullptr;
    X509_free(cert);
    return found;
}

/// An empty passphrase: an encrypted key fails instead of OpenSSL prompting on the terminal.
int no_passphrase(char*, int, int, void*) {
    return 0;
}

bool has_plain_key(std::string_view content) {
    auto bio = memory_bio(content);
    EVP_PKEY* key =
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
    const bool found = key != nullptr;
    EVP_PKEY_free(key);
    return found;
}

}  // namespace

std::string key_pair_problem(std::string_view certificate_pem, std::string_view key_pem) {
    auto cert_bio = memory_bio(certificate_pem);
    auto key_bio = memory_bio(key_pem);
    X509* cert = cert_bio ? PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr) : nullptr;
    EVP_PKEY* key =
        key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, no_passphrase, nullptr) : nullptr;
    const bool mismatch = cert && key && X509_check_private_key(cert, key) != 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    ERR_clear_error();
    return mismatch ? "is not the private key of the certificate in cert_file" : "";
}

std::string pem_problem(std::string_view content, pem_kind kind) {
    std::string problem;
    if (kind == pem_kind::certificates && !has_certificate(content)) {
        problem = "holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
    } else if (kind == pem_kind::private_key && !has_plain_key(content)) {
        problem = "holds no unencrypted PEM private key";
    }
    ERR_clear_error();
    return problem;
}

}  // namespace sfc::config
