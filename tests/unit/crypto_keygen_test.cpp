// sfcollector keygen's key material: the certificate belongs to the key and says what was asked
// for, and every file it writes reads back through the collector's own key loader.

#include "crypto/keygen.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "crypto/private_key.hpp"
#include "pki/test_pki.hpp"

namespace sfc::crypto {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr std::string_view passphrase = "correct horse battery";

struct bio_deleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct x509_deleter {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct p12_deleter {
    void operator()(PKCS12* p12) const { PKCS12_free(p12); }
};
struct sig_deleter {
    void operator()(X509_SIG* sig) const { X509_SIG_free(sig); }
};
struct pbe2_deleter {
    void operator()(PBE2PARAM* p) const { PBE2PARAM_free(p); }
};
struct pbkdf2_deleter {
    void operator()(PBKDF2PARAM* p) const { PBKDF2PARAM_free(p); }
};
using bio_ptr = std::unique_ptr<BIO, bio_deleter>;

/// 2026-01-01T00:00:00Z: a fixed "now", so validity dates are exact.
std::chrono::system_clock::time_point fixed_now() {
    return std::chrono::system_clock::from_time_t(1767225600);
}

bio_ptr read_bio(std::string_view bytes) {
    return bio_ptr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

/// The certificate parsed back from its PEM, independent of keygen's own object.
std::unique_ptr<X509, x509_deleter> parse_pem_certificate(const std::string& pem) {
    auto bio = read_bio(pem);
    return std::unique_ptr<X509, x509_deleter>(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::string name_entry(X509_NAME* name, int nid) {
    char buffer[256] = {};
    if (X509_NAME_get_text_by_NID(name, nid, buffer, sizeof buffer) < 0) return "<absent>";
    return buffer;
}

/// The cipher and PRF NIDs of a PBES2 AlgorithmIdentifier; {0, 0} when it is not PBES2.
std::pair<int, int> pbes2_algorithms(const X509_ALGOR* algorithm) {
    if (OBJ_obj2nid(algorithm->algorithm) != NID_pbes2) return {0, 0};
    std::unique_ptr<PBE2PARAM, pbe2_deleter> pbe2(static_cast<PBE2PARAM*>(
        ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), algorithm->parameter)));
    if (!pbe2) return {0, 0};
    std::unique_ptr<PBKDF2PARAM, pbkdf2_deleter> kdf(static_cast<PBKDF2PARAM*>(
        ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), pbe2->keyfunc->parameter)));
    const int prf = kdf && kdf->prf ? OBJ_obj2nid(kdf->prf->algorithm) : NID_hmacWithSHA1;
    return {OBJ_obj2nid(pbe2->encryption->algorithm), prf};
}

class keygen_test : public ::testing::Test {
protected:
    // One 2048-bit key for the suite: generating is the slow part and every test only reads it.
    static void SetUpTestSuite() { key_ = new private_key(generate_rsa_key(2048)); }
    static void TearDownTestSuite() {
        delete key_;
        key_ = nullptr;
    }

    void SetUp() override { dir_ = test::make_temp_dir("sfc-keygen"); }
    void TearDown() override {
        if (!HasFailure()) std::filesystem::remove_all(dir_);
    }

    static const private_key& key() { return *key_; }

    static certificate make_certificate(const certificate_subject& subject = {}, int days = 365) {
        return make_self_signed_certificate(key(), subject, days, fixed_now());
    }

    std::filesystem::path write(const std::string& name, std::string_view content) {
        test::write_file(dir_ / name, content);
        return dir_ / name;
    }

    static inline private_key* key_ = nullptr;
    std::filesystem::path dir_;
};

bool same_key(const private_key& a, const private_key& b) {
    return EVP_PKEY_eq(a.get(), b.get()) == 1;
}

TEST_F(keygen_test, key_is_rsa_of_the_asked_size) {
    EXPECT_EQ(EVP_PKEY_get_base_id(key().get()), EVP_PKEY_RSA);
    EXPECT_EQ(key().bits(), 2048);
    EXPECT_EQ(generate_rsa_key(3072).bits(), 3072);
    EXPECT_THROW(generate_rsa_key(1024), keygen_error);
}

TEST_F(keygen_test, certificate_holds_the_key_and_is_signed_by_it_with_sha256) {
    const auto cert = make_certificate();
    EXPECT_EQ(X509_check_private_key(cert.get(), key().get()), 1);
    EXPECT_EQ(X509_verify(cert.get(), key().get()), 1);  // self-signed: its own key verifies it
    EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_sha256WithRSAEncryption);
    EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
    EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())),
              0);
    // Another key's certificate does not match.
    const auto other = generate_rsa_key(2048);
    EXPECT_EQ(X509_check_private_key(make_self_signed_certificate(other, {}, 1, fixed_now()).get(),
                                     key().get()),
              0);
}

TEST_F(keygen_test, certificate_is_valid_from_now_for_the_asked_days) {
    for (const int days : {1, 365, 3650}) {
        const auto cert = make_certificate({}, days);
        EXPECT_EQ(ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert.get()), 1767225600), 0) << days;
        int day_diff = -1;
        int second_diff = -1;
        ASSERT_EQ(ASN1_TIME_diff(&day_diff,
                                 &second_diff,
                                 X509_get0_notBefore(cert.get()),
                                 X509_get0_notAfter(cert.get())),
                  1);
        EXPECT_EQ(day_diff, days);
        EXPECT_EQ(second_diff, 0);
    }
    EXPECT_EQ(not_after_text(make_certificate({}, 365)), "2027-01-01 00:00:00 UTC");
    EXPECT_THROW(make_certificate({}, 0), keygen_error);
}

TEST_F(keygen_test, serial_numbers_are_random_and_positive) {
    const auto a = make_certificate();
    const auto b = make_certificate();
    EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.get()), X509_get0_serialNumber(b.get())),
              0);
    EXPECT_EQ(ASN1_STRING_type(X509_get0_serialNumber(a.get())),
              V_ASN1_INTEGER);  // not V_ASN1_NEG_INTEGER
}

TEST_F(keygen_test, subject_has_every_field_given) {
    certificate_subject s;
    s.country = "US";
    s.state = "California";
    s.locality = "San Francisco";
    s.organization = "Acme";
    s.organizational_unit = "Security";
    s.common_name = "collector.acme.example";
    s.email = "secops@acme.example";
    const auto cert = make_certificate(s);
    X509_NAME* name = X509_get_subject_name(cert.get());
    EXPECT_EQ(name_entry(name, NID_countryName), "US");
    EXPECT_EQ(name_entry(name, NID_stateOrProvinceName), "California");
    EXPECT_EQ(name_entry(name, NID_localityName), "San Francisco");
    EXPECT_EQ(name_entry(name, NID_organizationName), "Acme");
    EXPECT_EQ(name_entry(name, NID_organizationalUnitName), "Security");
    EXPECT_EQ(name_entry(name, NID_commonName), "collector.acme.example");
    EXPECT_EQ(name_entry(name, NID_pkcs9_emailAddress), "secops@acme.example");
    EXPECT_EQ(subject_text(cert),
              "C = US, ST = California, L = San Francisco, O = Acme, OU = Security, "
              "CN = collector.acme.example, emailAddress = secops@acme.example");
}

TEST_F(keygen_test, default_subject_is_only_the_common_name_sfcollector) {
    const auto cert = make_certificate();
    EXPECT_EQ(subject_text(cert), "CN = sfcollector");
    EXPECT_EQ(X509_NAME_entry_count(X509_get_subject_name(cert.get())), 1);
}

TEST_F(keygen_test, country_of_three_letters_is_refused_naming_the_field) {
    certificate_subject s;
    s.country = "USA";
    try {
        make_certificate(s);
        FAIL() << "expected keygen_error";
    } catch (const keygen_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("C 'USA'"));
    }
}

TEST_F(keygen_test, fingerprint_is_colon_separated_upper_hex_of_the_der_sha256) {
    const auto cert = make_certificate();
    const std::string fingerprint = sha256_fingerprint(cert);
    // By hand: GoogleTest's regular expressions are POSIX ones only off Windows.
    ASSERT_EQ(fingerprint.size(), 32u * 3 - 1) << fingerprint;
    for (std::size_t i = 0; i < fingerprint.size(); ++i) {
        const char c = fingerprint[i];
        const bool ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
        EXPECT_TRUE(ok) << "at " << i << " in " << fingerprint;
    }
    // Computed here from the DER of the PEM that goes into server.crt.
    const auto parsed = parse_pem_certificate(certificate_pem(cert));
    ASSERT_TRUE(parsed);
    unsigned char* der = nullptr;
    const int der_size = i2d_X509(parsed.get(), &der);
    ASSERT_GT(der_size, 0);
    unsigned char digest[32];
    unsigned int digest_size = 0;
    ASSERT_EQ(EVP_Digest(der, der_size, digest, &digest_size, EVP_sha256(), nullptr), 1);
    OPENSSL_free(der);
    std::string expected;
    char pair[4];
    for (unsigned i = 0; i < digest_size; ++i) {
        std::snprintf(pair, sizeof pair, i == 0 ? "%02X" : ":%02X", digest[i]);
        expected += pair;
    }
    EXPECT_EQ(fingerprint, expected);
}

TEST_F(keygen_test, certificate_pem_is_one_certificate) {
    const std::string pem = certificate_pem(make_certificate());
    EXPECT_THAT(pem, StartsWith("-----BEGIN CERTIFICATE-----\n"));
    const auto parsed = parse_pem_certificate(pem);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(X509_check_private_key(parsed.get(), key().get()), 1);
}

TEST_F(keygen_test, plain_key_is_pkcs8_and_loads_as_server_pem) {
    const auto pem = private_key_pem(key());
    EXPECT_THAT(std::string(pem.view()), StartsWith("-----BEGIN PRIVATE KEY-----\n"));
    const auto path = write("server.pem", pem.view());
    EXPECT_TRUE(same_key(load_private_key_file(path), key()));
}

TEST_F(keygen_test, encrypted_key_is_aes256_pkcs8_and_loads_only_with_its_passphrase) {
    const auto pem = encrypted_private_key_pem(key(), passphrase);
    const std::string text(pem.view());
    EXPECT_THAT(text, StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    EXPECT_THAT(text, Not(HasSubstr(std::string(passphrase))));
    auto bio = read_bio(text);
    std::unique_ptr<X509_SIG, sig_deleter> p8(
        PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr));
    ASSERT_TRUE(p8);
    const X509_ALGOR* algorithm = nullptr;
    X509_SIG_get0(p8.get(), &algorithm, nullptr);
    EXPECT_EQ(pbes2_algorithms(algorithm), std::make_pair(NID_aes_256_cbc, NID_hmacWithSHA256));

    const auto path = write("server.pass.key", text);
    EXPECT_TRUE(same_key(load_private_key_file(path, passphrase), key()));
    EXPECT_THROW(load_private_key_file(path), key_error);
    EXPECT_THROW(load_private_key_file(path, "wrong passphrase"), key_error);
    EXPECT_THROW(encrypted_private_key_pem(key(), ""), keygen_error);
}

TEST_F(keygen_test, keystore_holds_key_and_certificate_and_loads_with_its_password) {
    const auto cert = make_certificate();
    const auto p12_bytes = pkcs12_keystore(key(), cert, passphrase, "sfcollector");
    const auto path = write("keystore.p12", p12_bytes.view());
    EXPECT_TRUE(same_key(load_private_key_file(path, passphrase), key()));
    EXPECT_THROW(load_private_key_file(path, "wrong passphrase"), key_error);

    // Read back independently: the certificate with its alias, AES-256 and an SHA-256 MAC.
    auto bio = read_bio(p12_bytes.view());
    std::unique_ptr<PKCS12, p12_deleter> p12(d2i_PKCS12_bio(bio.get(), nullptr));
    ASSERT_TRUE(p12);
    const X509_ALGOR* mac_algorithm = nullptr;
    PKCS12_get0_mac(nullptr, &mac_algorithm, nullptr, nullptr, p12.get());
    ASSERT_NE(mac_algorithm, nullptr);
    const ASN1_OBJECT* mac_digest = nullptr;
    X509_ALGOR_get0(&mac_digest, nullptr, nullptr, mac_algorithm);
    EXPECT_EQ(OBJ_obj2nid(mac_digest), NID_sha256);
    EVP_PKEY* parsed_key = nullptr;
    X509* parsed_cert = nullptr;
    ASSERT_EQ(PKCS12_parse(
                  p12.get(), std::string(passphrase).c_str(), &parsed_key, &parsed_cert, nullptr),
              1);
    const private_key owned_key(parsed_key);
    std::unique_ptr<X509, x509_deleter> owned_cert(parsed_cert);
    EXPECT_TRUE(same_key(owned_key, key()));
    ASSERT_TRUE(owned_cert);
    EXPECT_EQ(X509_cmp(owned_cert.get(), cert.get()), 0);
    const char* alias = reinterpret_cast<const char*>(X509_alias_get0(owned_cert.get(), nullptr));
    EXPECT_STREQ(alias, "sfcollector");
}

TEST_F(keygen_test, keystore_password_shorter_than_six_characters_is_refused) {
    const auto cert = make_certificate();
    EXPECT_NO_THROW(pkcs12_keystore(key(), cert, "123456", "sfcollector"));
    try {
        pkcs12_keystore(key(), cert, "12345", "sfcollector");
        FAIL() << "expected keygen_error";
    } catch (const keygen_error& e) {
        const std::string message = e.what();
        EXPECT_THAT(message, HasSubstr("at least 6"));
        EXPECT_THAT(message, Not(HasSubstr("12345")));
        EXPECT_THAT(message, Not(HasSubstr("\n")));
    }
}

TEST_F(keygen_test, key_bytes_move_leaves_the_source_empty) {
    key_bytes a(std::string("secret material"));
    key_bytes b(std::move(a));
    EXPECT_EQ(b.view(), "secret material");
    key_bytes c;
    c = std::move(b);
    EXPECT_EQ(c.view(), "secret material");
    EXPECT_TRUE(b.view().empty());  // NOLINT(bugprone-use-after-move): what is being tested
}

}  // namespace
}  // namespace sfc::crypto
