// PEM private keys: recognising what the operator gave (key, certificate, CSR, public key, an
// encrypted key) from the PEM labels, and decrypting with the configured passphrase.
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>
#include <vector>

#include "crypto/key_diagnostics.hpp"

namespace sfc::crypto::detail {
namespace {

/// The labels of all "-----BEGIN <label>-----" lines, in order.
std::vector<std::string_view> pem_labels(std::string_view pem) {
    constexpr std::string_view begin = "-----BEGIN ";
    std::vector<std::string_view> labels;
    for (auto pos = pem.find(begin); pos != std::string_view::npos; pos = pem.find(begin, pos)) {
        pos += begin.size();
        auto end = pem.find("-----", pos);
        if (end == std::string_view::npos) break;
        labels.push_back(pem.substr(pos, end - pos));
        pos = end;
    }
    return labels;
}

constexpr std::string_view encrypted_label = "ENCRYPTED PRIVATE KEY";

bool is_private_key_label(std::string_view label) {
    return label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == encrypted_label;
}

bool is_certificate_label(std::string_view label) {
    return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

bool is_csr_label(std::string_view label) {
    return label == "CERTIFICATE REQUEST" || label == "NEW CERTIFICATE REQUEST";
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

/// Explains a PEM file that holds no usable private-key block. Always throws.
[[noreturn]] void reject_label(std::string_view name, std::string_view label) {
    if (is_certificate_label(label)) {
        fail(name,
             "this is a certificate, not a private key",
             "server.crt is the certificate uploaded to the External Client App; the collector "
             "needs the private key server.pem (" +
                 std::string(step6) + ")");
    }
    if (is_csr_label(label)) {
        fail(name,
             "this is a certificate signing request (server.csr), not a private key",
             "give the private key server.pem (" + std::string(step6) + ")");
    }
    if (label.find("PUBLIC KEY") != std::string_view::npos) {
        fail(name,
             "this is a public key, not a private key",
             "give the private key server.pem (" + std::string(step6) + ")");
    }
    if (label.find("PRIVATE KEY") != std::string_view::npos) {  // "EC PRIVATE KEY", ...
        fail(name,
             "this is not an RSA key",
             "Salesforce's JWT bearer flow accepts only RSA keys: make one as in " +
                 std::string(step3));
    }
    fail(name,
         "no private key found in this PEM file",
         "give the private key server.pem (" + std::string(step6) + ")");
}

/// Checks the labels and returns whether the key is encrypted. Throws key_error.
bool check_labels(std::string_view pem, std::string_view name) {
    if (is_blank(pem)) {
        fail(name,
             "the private key file is empty",
             "copy server.key to server.pem as in " + std::string(step6));
    }
    const auto labels = pem_labels(pem);
    if (labels.empty()) {
        fail(name,
             "not a PEM private key nor a PKCS#12 keystore (binary DER or another format?)",
             "give the PEM key server.pem made in " + std::string(step6));
    }
    bool has_key = false;
    bool encrypted = false;
    std::string_view telling = labels.front();  // e.g. "EC PRIVATE KEY" after "EC PARAMETERS"
    for (auto label : labels) {
        has_key = has_key || is_private_key_label(label);
        encrypted = encrypted || label == encrypted_label;
        if (label.find("PRIVATE KEY") != std::string_view::npos) telling = label;
    }
    if (!has_key) reject_label(name, telling);
    return encrypted || pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

[[noreturn]] void reject_encrypted_without_passphrase(std::string_view name) {
    fail(name,
         "the private key is encrypted with a passphrase",
         "set " + std::string(passphrase_settings) + ", or decrypt it as in " + std::string(step3) +
             " (openssl rsa -in server.pass.key -out server.key) and copy server.key to "
             "server.pem (Step 6)");
}

}  // namespace

private_key parse_pem_private_key(std::string_view pem,
                                  std::string_view name,
                                  std::optional<std::string_view> passphrase) {
    const bool encrypted = check_labels(pem, name);
    if (encrypted && !passphrase) reject_encrypted_without_passphrase(name);
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (!bio) fail(name, "out of memory while reading the key", "retry");
    passphrase_source source{passphrase};
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio, nullptr, passphrase_callback, &source);
    BIO_free(bio);
    if (!raw && encrypted) {
        // A wrong passphrase and damaged ciphertext look alike to OpenSSL; the passphrase is
        // by far the likelier mistake.
        fail(name,
             "the passphrase does not decrypt the private key",
             "check " + std::string(passphrase_settings) +
                 ": it must hold the password given to openssl in " + std::string(step3));
    }
    if (!raw) {
        fail(name,
             "the private key could not be parsed (damaged or truncated PEM)",
             "copy server.key to server.pem again as in " + std::string(step6));
    }
    ERR_clear_error();
    return private_key(raw);
}

}  // namespace sfc::crypto::detail
