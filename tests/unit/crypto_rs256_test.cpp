// RS256 signatures verify with the public key of the certificate the operator uploads.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "crypto/private_key.hpp"
#include "crypto/rs256.hpp"
#include "pki/test_pki.hpp"

namespace sfc::crypto {
namespace {

/// Verifies with OpenSSL directly against the certificate's public key.
bool verify_with_certificate(const std::string& cert_pem,
                             std::string_view data,
                             std::string_view signature) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (EVP_DigestVerifyInit(
            ctx.get(), nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(cert.get())) != 1) {
        return false;
    }
    return EVP_DigestVerify(ctx.get(),
                            reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(data.data()),
                            data.size()) == 1;
}

TEST(rs256, signature_verifies_with_the_certificate) {
    const auto identity = test::make_rsa_identity();
    const auto key = load_private_key_pem(identity.key_pkcs1_pem, "test key");
    const auto signature = sign_rs256(key, "header.claims");
    EXPECT_EQ(signature.size(), 256u);
    EXPECT_TRUE(verify_with_certificate(identity.cert_pem, "header.claims", signature));
    EXPECT_FALSE(verify_with_certificate(identity.cert_pem, "header.claimz", signature));
}

TEST(rs256, is_deterministic_pkcs1_v1_5) {
    const auto key = load_private_key_pem(test::make_rsa_identity().key_pem, "test key");
    EXPECT_EQ(sign_rs256(key, "same input"), sign_rs256(key, "same input"));
    EXPECT_NE(sign_rs256(key, "same input"), sign_rs256(key, "other input"));
}

TEST(rs256, does_not_verify_with_another_certificate) {
    const auto ours = test::make_rsa_identity("ours");
    const auto theirs = test::make_rsa_identity("theirs");
    const auto key = load_private_key_pem(ours.key_pem, "test key");
    EXPECT_FALSE(verify_with_certificate(theirs.cert_pem, "data", sign_rs256(key, "data")));
}

}  // namespace
}  // namespace sfc::crypto
