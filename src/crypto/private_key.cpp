// Loading the signing key: the file is read into memory that is wiped afterwards, recognised by
// content (PKCS#12 DER or PEM), and checked for what Salesforce accepts.
#include "crypto/private_key.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <system_error>

#include "crypto/key_diagnostics.hpp"

namespace sfc::crypto {
namespace {

using detail::cleansed_string;
using detail::fail;

constexpr long max_key_file_size = 1 << 20;

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

/// PEM is text; a file without any PEM armour may be a binary PKCS#12 keystore.
bool may_be_pkcs12(std::string_view content) {
    return !content.empty() && static_cast<unsigned char>(content.front()) == 0x30 &&
           content.find("-----BEGIN ") == std::string_view::npos;
}

}  // namespace

private_key::private_key(EVP_PKEY* key) noexcept : key_(key) {}

int private_key::bits() const noexcept {
    return EVP_PKEY_get_bits(key_.get());
}

void private_key::deleter::operator()(EVP_PKEY* key) const noexcept {
    EVP_PKEY_free(key);
}

private_key load_private_key_pem(std::string_view pem,
                                 std::string_view name_for_messages,
                                 std::optional<std::string_view> passphrase) {
    private_key key = detail::parse_pem_private_key(pem, name_for_messages, passphrase);
    detail::check_usable(name_for_messages, key);
    return key;
}

private_key load_private_key_file(const std::filesystem::path& path,
                                  std::optional<std::string_view> passphrase) {
    cleansed_string content;
    read_file(path, content.text);
    const std::string name = path.string();
    if (content.text.size() > static_cast<std::size_t>(max_key_file_size)) {
        fail(name,
             "the file is too large to be a private key",
             "check salesforce.private_key: it must name the file server.pem");
    }
    if (may_be_pkcs12(content.text)) {
        if (auto key = detail::parse_pkcs12_private_key(content.text, name, passphrase)) {
            detail::check_usable(name, *key);
            return std::move(*key);
        }
    }
    return load_private_key_pem(content.text, name, passphrase);
}

}  // namespace sfc::crypto
