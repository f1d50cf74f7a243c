#include "pki/test_pki.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#ifndef _WIN32
#include <unistd.h>
#endif
#include <random>

namespace sfc::test {
namespace {

struct pkey_free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct x509_free {
    void operator()(X509* p) const { X509_free(p); }
};
struct bio_free {
    void operator()(BIO* p) const { BIO_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test_pki: ") + what + " failed");
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

pkey_ptr make_rsa(int bits) {
    pkey_ptr key(EVP_RSA_gen(static_cast<unsigned>(bits)));
    check(key != nullptr, "RSA key generation");
    return key;
}

std::string pkcs8_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey");
    return bio_text(bio.get());
}

std::string pkcs1_pem(EVP_PKEY* key) {
    // The traditional format is what `openssl rsa -out server.key` writes.
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PrivateKey_traditional(
              bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          "PEM_write_bio_PrivateKey_traditional");
    return bio_text(bio.get());
}

std::string cert_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    return bio_text(bio.get());
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

long next_serial() {
    static std::atomic<long> serial{1000};
    return ++serial;
}

/// An unsigned certificate for `key` named `cn`, issued by `issuer` (self-issued when null).
x509_ptr make_cert(EVP_PKEY* key, const std::string& cn, X509* issuer) {
    x509_ptr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), next_serial());
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600L * 24 * 365);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name,
                               "O",
                               MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("sfcollector tests"),
                               -1,
                               -1,
                               0);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509* ext_issuer = issuer ? issuer : cert.get();
    add_extension(cert.get(), ext_issuer, NID_subject_key_identifier, "hash");
    return cert;
}

void sign(X509* cert, EVP_PKEY* key) {
    check(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign");
}

std::string san_list(const std::vector<std::string>& dns, const std::vector<std::string>& ips) {
    std::string out;
    for (const auto& d : dns) out += (out.empty() ? "" : ",") + std::string("DNS:") + d;
    for (const auto& i : ips) out += (out.empty() ? "" : ",") + std::string("IP:") + i;
    return out;
}

}  // namespace

rsa_identity make_rsa_identity(std::string_view common_name, int bits) {
    pkey_ptr key = make_rsa(bits);
    x509_ptr cert = make_cert(key.get(), std::string(common_name), nullptr);
    sign(cert.get(), key.get());
    return {pkcs8_pem(key.get()), pkcs1_pem(key.get()), cert_pem(cert.get())};
}

tls_pki make_tls_pki(const std::vector<std::string>& dns_names,
                     const std::vector<std::string>& ip_addresses) {
    pkey_ptr ca_key = make_rsa(2048);
    x509_ptr ca = make_cert(ca_key.get(), "sfcollector test CA", nullptr);
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    sign(ca.get(), ca_key.get());

    pkey_ptr server_key = make_rsa(2048);
    x509_ptr server =
        make_cert(server_key.get(), dns_names.empty() ? "server" : dns_names[0], ca.get());
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    const std::string sans = san_list(dns_names, ip_addresses);
    if (!sans.empty()) add_extension(server.get(), ca.get(), NID_subject_alt_name, sans);
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(server.get(), ca_key.get());

    pkey_ptr client_key = make_rsa(2048);
    x509_ptr client = make_cert(client_key.get(), "sfcollector test client", ca.get());
    add_extension(client.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(client.get(), ca.get(), NID_ext_key_usage, "clientAuth");
    add_extension(client.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
    sign(client.get(), ca_key.get());

    return {cert_pem(ca.get()),
            cert_pem(server.get()),
            pkcs8_pem(server_key.get()),
            cert_pem(client.get()),
            pkcs8_pem(client_key.get())};
}

std::string make_ec_key_pem() {
    pkey_ptr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC key generation");
    return pkcs8_pem(key.get());
}

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("test_pki: cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("test_pki: cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::filesystem::path make_temp_dir(std::string_view prefix) {
#ifdef _WIN32
    // No mkdtemp: a random name, created exclusively (create_directory fails if it exists).
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto dir = std::filesystem::temp_directory_path() /
                         (std::string(prefix) + "-" + std::to_string(random()));
        if (std::filesystem::create_directory(dir)) return dir;
    }
    throw std::runtime_error("test_pki: cannot create a temporary directory");
#else
    const char* base = std::getenv("TMPDIR");
    std::string templ = (base && *base ? std::string(base) : std::string("/tmp")) + "/" +
                        std::string(prefix) + "-XXXXXX";
    char* made = ::mkdtemp(templ.data());
    if (!made) throw std::runtime_error("test_pki: mkdtemp failed for " + templ);
    return std::filesystem::path(made);
#endif
}

// Passphrase-protected key files and PKCS#12 keystores, for the key loader's tests.
namespace {

bio_ptr read_bio(const std::string& text) {
    bio_ptr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    check(bio != nullptr, "BIO_new_mem_buf");
    return bio;
}

pkey_ptr parse_key(const std::string& key_pem) {
    auto bio = read_bio(key_pem);
    pkey_ptr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    check(key != nullptr, "PEM_read_bio_PrivateKey");
    return key;
}

struct p12_free {
    void operator()(PKCS12* p) const { PKCS12_free(p); }
};

}  // namespace

std::string encrypt_key_pem_pkcs8(const std::string& key_pem, const std::string& passphrase) {
    const auto key = parse_key(key_pem);
    bio_ptr out(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_PKCS8PrivateKey(out.get(),
                                        key.get(),
                                        EVP_aes_256_cbc(),
                                        passphrase.data(),
                                        static_cast<int>(passphrase.size()),
                                        nullptr,
                                        nullptr) == 1,
          "PEM_write_bio_PKCS8PrivateKey");
    return bio_text(out.get());
}

std::string encrypt_key_pem_legacy(const std::string& key_pem, const std::string& passphrase) {
    const auto key = parse_key(key_pem);
    bio_ptr out(BIO_new(BIO_s_mem()));
    std::string pass = passphrase;  // OpenSSL takes it as non-const bytes
    check(PEM_write_bio_PrivateKey_traditional(out.get(),
                                               key.get(),
                                               EVP_des_ede3_cbc(),
                                               reinterpret_cast<unsigned char*>(pass.data()),
                                               static_cast<int>(pass.size()),
                                               nullptr,
                                               nullptr) == 1,
          "PEM_write_bio_PrivateKey_traditional");
    return bio_text(out.get());
}

std::string make_pkcs12(const std::string& key_pem,
                        const std::string& cert_pem,
                        const std::string& passphrase) {
    const pkey_ptr key = key_pem.empty() ? nullptr : parse_key(key_pem);
    auto cert_bio = read_bio(cert_pem);
    x509_ptr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
    check(cert != nullptr, "PEM_read_bio_X509");
    // nid 0 and iterations 0 pick OpenSSL 3's defaults (AES-256-CBC with PBKDF2, SHA-256 MAC).
    std::unique_ptr<PKCS12, p12_free> p12(PKCS12_create(
        passphrase.c_str(), "sfcollector", key.get(), cert.get(), nullptr, 0, 0, 0, 0, 0));
    check(p12 != nullptr, "PKCS12_create");
    bio_ptr out(BIO_new(BIO_s_mem()));
    check(i2d_PKCS12_bio(out.get(), p12.get()) == 1, "i2d_PKCS12_bio");
    return bio_text(out.get());
}

}  // namespace sfc::test
