#include "crypto/private_key.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>
#include <vector>

namespace sfc::crypto {
namespace {

constexpr int min_rsa_bits = 2048;
constexpr long max_key_file_size = 1 << 20;

constexpr std::string_view step3 =
    "'Creating a Private Key and Self-Signed Digital Certificate', Step 3";
constexpr std::string_view step6 =
    "'Creating a Private Key and Self-Signed Digital Certificate', Step 6";

[[noreturn]] void fail(std::string_view name, std::string_view problem, std::string_view fix) {
    ERR_clear_error();
    std::string message;
    message.append(name).append(": ").append(problem).append("; ").append(fix);
    throw key_error(message);
}

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

bool is_private_key_label(std::string_view label) {
    return label == "PRIVATE KEY" || label == "RSA PRIVATE KEY";
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
    if (label == "ENCRYPTED PRIVATE KEY") {
        fail(name,
             "the private key is encrypted with a passphrase",
             std::string("give the decrypted key made by ") + std::string(step3) +
                 " ('openssl rsa ... -out server.key'), copied to server.pem in Step 6 "
                 "(passphrase-protected keys come in a later version)");
    }
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

/// Never prompts on the terminal for a passphrase (OpenSSL's default without a callback).
int refuse_passphrase(char*, int, int, void*) {
    return -1;
}

void check_usable(std::string_view name, const private_key& key) {
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        fail(name,
             std::string("the key type is ") + (type ? type : "unknown") + ", not RSA",
             "Salesforce's JWT bearer flow accepts only RSA keys: make one as in " +
                 std::string(step3));
    }
    if (key.bits() < min_rsa_bits) {
        fail(name,
             "the RSA key has only " + std::to_string(key.bits()) + " bits",
             "regenerate a 2048-bit key as in " + std::string(step3) +
                 ", and upload the new certificate to the External Client App");
    }
}

private_key parse_pem_key(std::string_view pem, std::string_view name) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    if (!bio) fail(name, "out of memory while reading the key", "retry");
    EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio, nullptr, refuse_passphrase, nullptr);
    BIO_free(bio);
    if (!raw) {
        fail(name,
             "the private key could not be parsed (damaged or truncated PEM)",
             "copy server.key to server.pem again as in " + std::string(step6));
    }
    ERR_clear_error();
    return private_key(raw);
}

/// Wipes the file's bytes from memory when the load is done, however it ends.
struct cleansed_string {
    std::string text;
    ~cleansed_string() { OPENSSL_cleanse(text.data(), text.size()); }
};

std::string errno_text(int error) {
    return std::generic_category().message(error);
}

void read_file(const std::filesystem::path& path, std::string& out) {
    const std::string name = path.string();
    std::FILE* file = std::fopen(name.c_str(), "rb");
    if (!file) {
        fail(name,
             "cannot open the private key file: " + errno_text(errno),
             "check salesforce.private_key and that the collector's user may read the file");
    }
    out.reserve(64 * 1024);  // key files are a few KiB: no reallocation leaves copies behind
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        out.append(buffer, got);
        if (out.size() > static_cast<std::size_t>(max_key_file_size)) break;
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    const int error = std::ferror(file) ? errno : 0;
    std::fclose(file);
    if (error != 0) {
        fail(name,
             "cannot read the private key file: " + errno_text(error),
             "check salesforce.private_key: it must name the file server.pem");
    }
}

}  // namespace

private_key::private_key(EVP_PKEY* key) noexcept : key_(key) {}

int private_key::bits() const noexcept {
    return EVP_PKEY_get_bits(key_.get());
}

void private_key::deleter::operator()(EVP_PKEY* key) const noexcept {
    EVP_PKEY_free(key);
}

private_key load_private_key_pem(std::string_view pem, std::string_view name_for_messages) {
    const auto name = name_for_messages;
    if (is_blank(pem)) {
        fail(name,
             "the private key file is empty",
             "copy server.key to server.pem as in " + std::string(step6));
    }
    const auto labels = pem_labels(pem);
    if (labels.empty()) {
        fail(name,
             "not a PEM private key (binary DER or another format?)",
             "give the PEM key server.pem made in " + std::string(step6));
    }
    bool has_key = false;
    std::string_view telling = labels.front();  // e.g. "EC PRIVATE KEY" after "EC PARAMETERS"
    for (auto label : labels) {
        has_key = has_key || is_private_key_label(label);
        if (label.find("PRIVATE KEY") != std::string_view::npos) telling = label;
    }
    if (!has_key) reject_label(name, telling);
    if (pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos) {
        reject_label(name, "ENCRYPTED PRIVATE KEY");
    }
    private_key key = parse_pem_key(pem, name);
    check_usable(name, key);
    return key;
}

private_key load_private_key_file(const std::filesystem::path& path) {
    cleansed_string content;
    read_file(path, content.text);
    if (content.text.size() > static_cast<std::size_t>(max_key_file_size)) {
        fail(path.string(),
             "the file is too large to be a private key",
             "check salesforce.private_key: it must name the file server.pem");
    }
    return load_private_key_pem(content.text, path.string());
}

}  // namespace sfc::crypto
