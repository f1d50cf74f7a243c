// Loading the signing key: the file is read into memory that is wiped afterwards, recognised by
// content (PKCS#12 DER or PEM), and checked for what Salesforce accepts.
#include "crypto/private_key.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>

#include "crypto/key_diagnostics.hpp"
#include "platform/file.hpp"

namespace sfc::crypto {
namespace {

using detail::cleansed_string;
using detail::fail;

/// A regular file of at most 1 MiB, opened without blocking (a FIFO cannot hang the start).
void read_file(const std::filesystem::path& path, std::string& out) {
    const auto result = platform::read_small_file(path, platform::max_key_file_size, out);
    if (!result) {
        const bool absent = result.status == platform::small_file_status::cannot_open;
        fail(path.string(),
             absent ? "cannot open the private key file: " + result.error.message()
                    : "the private key file " +
                          platform::describe_small_file_failure(
                              result, "private key file", platform::max_key_file_size),
             "check salesforce.private_key: it must name the key file (server.pem) the "
             "collector's user may read");
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
    if (may_be_pkcs12(content.text)) {
        if (auto key = detail::parse_pkcs12_private_key(content.text, name, passphrase)) {
            detail::check_usable(name, *key);
            return std::move(*key);
        }
    }
    return load_private_key_pem(content.text, name, passphrase);
}

}  // namespace sfc::crypto
