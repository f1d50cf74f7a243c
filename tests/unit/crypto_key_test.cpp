// Loading the JWT signing key: both PEM forms an operator may have, and a one-line, key-free
// explanation for every file the set-up guide's steps could have mixed up.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "crypto/private_key.hpp"
#include "pki/test_pki.hpp"

namespace sfc::crypto {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct bio_deleter {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct pkey_deleter {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using bio_ptr = std::unique_ptr<BIO, bio_deleter>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(length));
}

/// PEM text of `key` as OpenSSL writes it; `traditional` gives PKCS#1 with a Proc-Type header.
std::string key_to_pem(EVP_PKEY* key, const EVP_CIPHER* cipher, bool traditional) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    char pass[] = "correct horse";
    auto* pass_bytes = reinterpret_cast<unsigned char*>(pass);
    const int ok = traditional ? PEM_write_bio_PrivateKey_traditional(
                                     bio.get(), key, cipher, pass_bytes, 13, nullptr, nullptr)
                               : PEM_write_bio_PrivateKey(
                                     bio.get(), key, cipher, pass_bytes, 13, nullptr, nullptr);
    EXPECT_EQ(ok, 1);
    return bio_text(bio.get());
}

pkey_ptr generate_rsa(unsigned bits) {
    return pkey_ptr(EVP_RSA_gen(bits));
}

std::string public_key_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    EXPECT_EQ(PEM_write_bio_PUBKEY(bio.get(), key), 1);
    return bio_text(bio.get());
}

std::string csr_pem(EVP_PKEY* key) {
    std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(X509_REQ_new(), X509_REQ_free);
    EXPECT_EQ(X509_REQ_set_pubkey(req.get(), key), 1);
    EXPECT_GT(X509_REQ_sign(req.get(), key, EVP_sha256()), 0);
    bio_ptr bio(BIO_new(BIO_s_mem()));
    EXPECT_EQ(PEM_write_bio_X509_REQ(bio.get(), req.get()), 1);
    return bio_text(bio.get());
}

/// Every base64 line of the PEM, so a message quoting any part of the key is caught.
std::vector<std::string> base64_fragments(const std::string& pem) {
    std::vector<std::string> fragments;
    std::size_t start = 0;
    while (start < pem.size()) {
        auto end = pem.find('\n', start);
        if (end == std::string::npos) end = pem.size();
        std::string line = pem.substr(start, end - start);
        if (line.size() >= 16 && line.find("-----") == std::string::npos) {
            fragments.push_back(line.substr(0, 16));
            fragments.push_back(line.substr(line.size() - 16));
        }
        start = end + 1;
    }
    return fragments;
}

class key_file_test : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = test::make_temp_dir("sfc-crypto-key");
        ERR_clear_error();
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path write(const std::string& name, const std::string& content) {
        auto path = dir_ / name;
        test::write_file(path, content);
        return path;
    }

    /// The key_error for `path`, checked for the things every such message must satisfy.
    std::string error_for(const std::filesystem::path& path,
                          const std::string& content = {},
                          std::optional<std::string_view> passphrase = std::nullopt) {
        try {
            load_private_key_file(path, passphrase);
        } catch (const key_error& e) {
            const std::string message = e.what();
            EXPECT_THAT(message, HasSubstr(path.string()));
            EXPECT_THAT(message, Not(HasSubstr("\n")));
            EXPECT_THAT(message, Not(HasSubstr("BEGIN")));
            if (passphrase && !passphrase->empty()) {
                EXPECT_THAT(message, Not(HasSubstr(std::string(*passphrase))));
            }
            for (const auto& fragment : base64_fragments(content)) {
                EXPECT_THAT(message, Not(HasSubstr(fragment)));
            }
            EXPECT_EQ(ERR_peek_error(), 0u) << "OpenSSL error queue left behind";
            return message;
        }
        ADD_FAILURE() << path << " was accepted";
        return {};
    }

    std::string error_for_content(const std::string& name,
                                  const std::string& content,
                                  std::optional<std::string_view> passphrase = std::nullopt) {
        return error_for(write(name, content), content, passphrase);
    }

    std::filesystem::path dir_;
};

TEST_F(key_file_test, loads_pkcs1_pem_like_server_pem) {
    const auto identity = test::make_rsa_identity();
    ASSERT_THAT(identity.key_pkcs1_pem, HasSubstr("BEGIN RSA PRIVATE KEY"));
    const private_key key = load_private_key_file(write("server.pem", identity.key_pkcs1_pem));
    EXPECT_EQ(EVP_PKEY_get_base_id(key.get()), EVP_PKEY_RSA);
    EXPECT_EQ(key.bits(), 2048);
}

TEST_F(key_file_test, loads_pkcs8_pem) {
    const auto identity = test::make_rsa_identity("pkcs8", 3072);
    ASSERT_THAT(identity.key_pem, HasSubstr("BEGIN PRIVATE KEY"));
    const private_key key = load_private_key_file(write("server.pem", identity.key_pem));
    EXPECT_EQ(key.bits(), 3072);
}

TEST_F(key_file_test, loads_the_key_from_a_file_that_also_holds_the_certificate) {
    const auto identity = test::make_rsa_identity();
    const private_key key =
        load_private_key_file(write("both.pem", identity.cert_pem + identity.key_pkcs1_pem));
    EXPECT_EQ(key.bits(), 2048);
}

TEST_F(key_file_test, moved_key_keeps_the_material) {
    private_key first = load_private_key_pem(test::make_rsa_identity().key_pem, "inline");
    EVP_PKEY* raw = first.get();
    private_key second = std::move(first);
    EXPECT_EQ(second.get(), raw);
}

TEST_F(key_file_test, missing_file_names_the_error_and_the_setting) {
    const auto message = error_for(dir_ / "nowhere.pem");
    EXPECT_THAT(message, HasSubstr("No such file or directory"));
    EXPECT_THAT(message, HasSubstr("salesforce.private_key"));
}

TEST_F(key_file_test, directory_instead_of_file) {
    const auto message = error_for(dir_);
    EXPECT_THAT(message, HasSubstr("is not a regular file"));
}

TEST_F(key_file_test, unreadable_file) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
    const auto path = write("server.pem", test::make_rsa_identity().key_pkcs1_pem);
    std::filesystem::permissions(path, std::filesystem::perms::none);
    const auto message = error_for(path);
    EXPECT_THAT(message, HasSubstr("Permission denied"));
}

TEST_F(key_file_test, empty_file) {
    const auto message = error_for_content("server.pem", "\n  \n");
    EXPECT_THAT(message, HasSubstr("empty"));
    EXPECT_THAT(message, HasSubstr("Step 6"));
}

TEST_F(key_file_test, not_pem) {
    const auto message = error_for_content("server.der", std::string("\x30\x82\x04\xa4\x02", 5));
    EXPECT_THAT(message, HasSubstr("not a PEM private key"));
    EXPECT_THAT(message, HasSubstr("server.pem"));
}

TEST_F(key_file_test, certificate_instead_of_key_points_to_step_6) {
    const auto identity = test::make_rsa_identity();
    const auto message = error_for_content("server.crt", identity.cert_pem);
    EXPECT_THAT(message, HasSubstr("certificate, not a private key"));
    EXPECT_THAT(message,
                HasSubstr("server.crt is the certificate uploaded to the External "
                          "Client App"));
    EXPECT_THAT(message, HasSubstr("server.pem"));
    EXPECT_THAT(message,
                HasSubstr("'Creating a Private Key and Self-Signed Digital "
                          "Certificate', Step 6"));
}

TEST_F(key_file_test, certificate_signing_request_instead_of_key) {
    const auto key = generate_rsa(2048);
    const auto message = error_for_content("server.csr", csr_pem(key.get()));
    EXPECT_THAT(message, HasSubstr("certificate signing request"));
    EXPECT_THAT(message, HasSubstr("Step 6"));
}

TEST_F(key_file_test, public_key_instead_of_private_key) {
    const auto key = generate_rsa(2048);
    const auto message = error_for_content("server.pub", public_key_pem(key.get()));
    EXPECT_THAT(message, HasSubstr("public key, not a private key"));
}

/// The settings and the guide's decryption step, which every "encrypted, no passphrase" names.
void expect_passphrase_hint(const std::string& message) {
    EXPECT_THAT(message, HasSubstr("encrypted with a passphrase"));
    EXPECT_THAT(message,
                HasSubstr("set salesforce.private_key_passphrase_file or "
                          "salesforce.private_key_passphrase_env"));
    EXPECT_THAT(message, HasSubstr("openssl rsa -in server.pass.key -out server.key"));
    EXPECT_THAT(message, HasSubstr("Step 3"));
    EXPECT_THAT(message, HasSubstr("Step 6"));
}

TEST_F(key_file_test, encrypted_pkcs8_key_without_passphrase_names_the_settings) {
    const auto key = generate_rsa(2048);
    const auto pem = key_to_pem(key.get(), EVP_aes_256_cbc(), false);
    ASSERT_THAT(pem, HasSubstr("ENCRYPTED PRIVATE KEY"));
    expect_passphrase_hint(error_for_content("server.pass.key", pem));
}

TEST_F(key_file_test, encrypted_pkcs1_key_without_passphrase_names_the_settings) {
    const auto key = generate_rsa(2048);
    const auto pem = key_to_pem(key.get(), EVP_aes_256_cbc(), true);
    ASSERT_THAT(pem, HasSubstr("Proc-Type: 4,ENCRYPTED"));
    expect_passphrase_hint(error_for_content("server.key", pem));
}

constexpr std::string_view passphrase = "Tr0ub4dor&3-passphrase";

/// Whether `key` holds the same key pair as `pem`.
bool same_key(const private_key& key, const std::string& pem) {
    const private_key expected = load_private_key_pem(pem, "expected");
    return EVP_PKEY_eq(key.get(), expected.get()) == 1;
}

TEST_F(key_file_test, loads_encrypted_pkcs8_with_its_passphrase) {
    const auto identity = test::make_rsa_identity();
    const auto pem = test::encrypt_key_pem_pkcs8(identity.key_pem, std::string(passphrase));
    ASSERT_THAT(pem, HasSubstr("BEGIN ENCRYPTED PRIVATE KEY"));
    const private_key key = load_private_key_file(write("server.pass.key", pem), passphrase);
    EXPECT_TRUE(same_key(key, identity.key_pem));
    EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST_F(key_file_test, loads_legacy_encrypted_pem_with_its_passphrase) {
    const auto identity = test::make_rsa_identity();
    const auto pem = test::encrypt_key_pem_legacy(identity.key_pem, std::string(passphrase));
    ASSERT_THAT(pem, HasSubstr("Proc-Type: 4,ENCRYPTED"));
    ASSERT_THAT(pem, HasSubstr("DES-EDE3-CBC"));
    const private_key key = load_private_key_file(write("server.pass.key", pem), passphrase);
    EXPECT_TRUE(same_key(key, identity.key_pem));
}

TEST_F(key_file_test, wrong_passphrase_is_named_without_showing_either_passphrase) {
    const auto identity = test::make_rsa_identity();
    for (const auto& pem :
         {test::encrypt_key_pem_pkcs8(identity.key_pem, std::string(passphrase)),
          test::encrypt_key_pem_legacy(identity.key_pem, std::string(passphrase))}) {
        const auto message = error_for_content("server.pass.key", pem, "wrong-guess-1234");
        EXPECT_THAT(message, HasSubstr("the passphrase does not decrypt the private key"));
        EXPECT_THAT(message, HasSubstr("salesforce.private_key_passphrase_file"));
        EXPECT_THAT(message, Not(HasSubstr(std::string(passphrase))));
    }
}

TEST_F(key_file_test, passphrase_for_a_plain_key_is_not_needed_but_harmless) {
    const auto identity = test::make_rsa_identity();
    const private_key key =
        load_private_key_file(write("server.pem", identity.key_pkcs1_pem), passphrase);
    EXPECT_TRUE(same_key(key, identity.key_pem));
}

TEST_F(key_file_test, overlong_passphrase_is_refused_not_truncated) {
    const auto identity = test::make_rsa_identity();
    const std::string pem = test::encrypt_key_pem_pkcs8(identity.key_pem, std::string(passphrase));
    const std::string overlong = std::string(passphrase) + std::string(2048, 'x');
    EXPECT_THAT(error_for_content("server.pass.key", pem, overlong), HasSubstr("does not decrypt"));
}

TEST_F(key_file_test, loads_pkcs12_keystore_by_content_whatever_its_name) {
    const auto identity = test::make_rsa_identity();
    const auto p12 =
        test::make_pkcs12(identity.key_pem, identity.cert_pem, std::string(passphrase));
    for (const char* name : {"server.p12", "server.pfx", "server.pem"}) {
        const private_key key = load_private_key_file(write(name, p12), passphrase);
        EXPECT_TRUE(same_key(key, identity.key_pem)) << name;
    }
    EXPECT_EQ(ERR_peek_error(), 0u);
}

TEST_F(key_file_test, loads_pkcs12_keystore_with_an_empty_passphrase) {
    const auto identity = test::make_rsa_identity();
    const auto path =
        write("server.p12", test::make_pkcs12(identity.key_pem, identity.cert_pem, ""));
    EXPECT_TRUE(same_key(load_private_key_file(path), identity.key_pem));
    EXPECT_TRUE(same_key(load_private_key_file(path, ""), identity.key_pem));
}

TEST_F(key_file_test, pkcs12_keystore_with_a_passphrase_needs_it) {
    const auto identity = test::make_rsa_identity();
    const auto p12 =
        test::make_pkcs12(identity.key_pem, identity.cert_pem, std::string(passphrase));
    const auto missing = error_for_content("server.p12", p12);
    EXPECT_THAT(missing, HasSubstr("the PKCS#12 keystore is protected by a passphrase"));
    EXPECT_THAT(missing, HasSubstr("salesforce.private_key_passphrase_env"));
    const auto wrong = error_for_content("server.p12", p12, "wrong-guess-1234");
    EXPECT_THAT(wrong, HasSubstr("the passphrase does not open the PKCS#12 keystore"));
    EXPECT_THAT(wrong, Not(HasSubstr(std::string(passphrase))));
}

TEST_F(key_file_test, pkcs12_keystore_with_only_a_certificate_is_refused) {
    const auto identity = test::make_rsa_identity();
    const auto p12 = test::make_pkcs12("", identity.cert_pem, std::string(passphrase));
    const auto message = error_for_content("server.p12", p12, passphrase);
    EXPECT_THAT(message, HasSubstr("holds no private key, only certificates"));
    EXPECT_THAT(message, HasSubstr("openssl pkcs12 -export -inkey server.key"));
}

TEST_F(key_file_test, pkcs12_keystore_with_a_small_key_is_refused) {
    const auto identity = test::make_rsa_identity("small", 1024);
    const auto p12 =
        test::make_pkcs12(identity.key_pem, identity.cert_pem, std::string(passphrase));
    EXPECT_THAT(error_for_content("small.p12", p12, passphrase), HasSubstr("1024 bits"));
}

/// Runs a shell command quietly; false when it fails (or openssl is not installed).
bool run(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
}

TEST_F(key_file_test, loads_what_the_openssl_cli_writes) {
    if (!run("openssl version")) GTEST_SKIP() << "no openssl command";
    const auto dir = dir_.string();
    // The set-up guide's server.pass.key, and `genrsa -des3` (encrypted PKCS#8 on OpenSSL 3).
    ASSERT_TRUE(run("openssl genpkey -aes-256-cbc -algorithm RSA -pass pass:1234567890 -out " +
                    dir + "/server.pass.key -pkeyopt rsa_keygen_bits:2048"));
    ASSERT_TRUE(run("openssl genrsa -des3 -passout pass:x -out " + dir + "/des3.key 2048"));
    EXPECT_EQ(load_private_key_file(dir_ / "server.pass.key", "1234567890").bits(), 2048);
    EXPECT_EQ(load_private_key_file(dir_ / "des3.key", "x").bits(), 2048);
    expect_passphrase_hint(error_for(dir_ / "des3.key"));
}

TEST_F(key_file_test, pkcs12_with_legacy_encrypted_certificates_still_yields_the_key) {
    // OpenSSL 1.1 and `-legacy` exports encrypt the certificates with RC2, which OpenSSL 3 has
    // only in its legacy provider; the key (3DES) must load regardless.
    if (!run("openssl version")) GTEST_SKIP() << "no openssl command";
    const auto identity = test::make_rsa_identity();
    write("server.key", identity.key_pem);
    write("server.crt", identity.cert_pem);
    const auto dir = dir_.string();
    if (!run("openssl pkcs12 -export -legacy -passout pass:x -inkey " + dir + "/server.key -in " +
             dir + "/server.crt -out " + dir + "/legacy.p12")) {
        GTEST_SKIP() << "openssl cannot write legacy PKCS#12 here (no legacy provider)";
    }
    EXPECT_TRUE(same_key(load_private_key_file(dir_ / "legacy.p12", "x"), identity.key_pem));
}

TEST_F(key_file_test, permission_warning_only_when_others_may_read_or_write) {
    const auto path = write("server.pem", "key");
    namespace fs = std::filesystem;
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(key_file_permission_warning(path), std::nullopt);
    fs::permissions(path, fs::perms::owner_read);
    EXPECT_EQ(key_file_permission_warning(path), std::nullopt);
    for (const auto& [mode, octal] : {std::pair{fs::perms(0640), "0640"},
                                      std::pair{fs::perms(0644), "0644"},
                                      std::pair{fs::perms(0602), "0602"}}) {
        fs::permissions(path, mode);
        const auto warning = key_file_permission_warning(path);
        ASSERT_TRUE(warning.has_value()) << octal;
        EXPECT_THAT(*warning, HasSubstr(path.string() + ": "));
        EXPECT_THAT(*warning, HasSubstr(std::string("mode ") + octal));
        EXPECT_THAT(*warning, HasSubstr("chmod 600 " + path.string()));
        EXPECT_THAT(*warning, Not(HasSubstr("\n")));
    }
    EXPECT_EQ(key_file_permission_warning(dir_ / "absent.pem"), std::nullopt);
}

TEST_F(key_file_test, ec_key_is_refused_as_not_rsa) {
    const auto message = error_for_content("ec.pem", test::make_ec_key_pem());
    EXPECT_THAT(message, HasSubstr("Salesforce's JWT bearer flow accepts only RSA keys"));
}

TEST_F(key_file_test, ec_key_from_openssl_ecparam_is_refused_as_not_rsa) {
    pkey_ptr key(EVP_EC_gen("P-256"));
    ASSERT_TRUE(key);
    const std::string parameters =
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    const auto pem = parameters + key_to_pem(key.get(), nullptr, true);
    ASSERT_THAT(pem, HasSubstr("BEGIN EC PRIVATE KEY"));
    const auto message = error_for_content("ec.pem", pem);
    EXPECT_THAT(message, HasSubstr("Salesforce's JWT bearer flow accepts only RSA keys"));
}

TEST_F(key_file_test, ec_key_in_pkcs8_is_refused_as_not_rsa) {
    pkey_ptr key(EVP_EC_gen("P-256"));
    ASSERT_TRUE(key);
    const auto pem = key_to_pem(key.get(), nullptr, false);
    ASSERT_THAT(pem, HasSubstr("BEGIN PRIVATE KEY"));
    const auto message = error_for_content("ec8.pem", pem);
    EXPECT_THAT(message, HasSubstr("EC, not RSA"));
    EXPECT_THAT(message, HasSubstr("Salesforce's JWT bearer flow accepts only RSA keys"));
}

TEST_F(key_file_test, small_rsa_key_is_refused) {
    const auto key = generate_rsa(1024);
    const auto message = error_for_content("small.pem", key_to_pem(key.get(), nullptr, true));
    EXPECT_THAT(message, HasSubstr("1024 bits"));
    EXPECT_THAT(message, HasSubstr("regenerate a 2048-bit key"));
    EXPECT_THAT(message, HasSubstr("Step 3"));
}

TEST_F(key_file_test, damaged_pem_is_refused_without_quoting_it) {
    std::string pem = test::make_rsa_identity().key_pkcs1_pem;
    pem.erase(pem.size() / 2, 200);  // truncated in the middle
    const auto message = error_for_content("server.pem", pem);
    EXPECT_THAT(message, HasSubstr("could not be parsed"));
}

TEST(load_private_key_pem, names_the_source_given) {
    try {
        load_private_key_pem("", "salesforce.private_key (inline)");
        FAIL() << "an empty key was accepted";
    } catch (const key_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("salesforce.private_key (inline): "));
    }
}

}  // namespace
}  // namespace sfc::crypto
