// PKCS#12 keystores (.p12/.pfx): the private key is taken, certificates are ignored. The safes are
// walked by hand rather than with PKCS12_parse, so that certificates encrypted with an algorithm
// OpenSSL 3 only has in its legacy provider (RC2, common in older exports) do not block the key.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>

#include <memory>
#include <string>

#include "crypto/key_diagnostics.hpp"

namespace sfc::crypto::detail {
namespace {

struct p12_deleter {
    void operator()(PKCS12* p12) const noexcept { PKCS12_free(p12); }
};
struct safes_deleter {
    void operator()(STACK_OF(PKCS7) * safes) const noexcept {
        sk_PKCS7_pop_free(safes, PKCS7_free);
    }
};
struct bags_deleter {
    void operator()(STACK_OF(PKCS12_SAFEBAG) * bags) const noexcept {
        sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    }
};
struct p8_deleter {
    void operator()(PKCS8_PRIV_KEY_INFO* p8) const noexcept { PKCS8_PRIV_KEY_INFO_free(p8); }
};
using bags_ptr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), bags_deleter>;

/// The password as PKCS#12 functions take it: an absent password (nullptr) and an empty one ("")
/// are different keys, and keystores made without a passphrase use either.
struct pkcs12_password {
    const char* data = nullptr;
    int size = 0;
};

/// The password the keystore's integrity MAC accepts. Throws key_error when none does.
pkcs12_password check_password(PKCS12* p12,
                               const std::string& given,
                               bool configured,
                               std::string_view name) {
    const pkcs12_password password{given.c_str(), static_cast<int>(given.size())};
    if (!PKCS12_mac_present(p12) || PKCS12_verify_mac(p12, password.data, password.size)) {
        return password;
    }
    if (given.empty() && PKCS12_verify_mac(p12, nullptr, 0)) return {};
    if (!configured) {
        fail(name,
             "the PKCS#12 keystore is protected by a passphrase",
             "set " + std::string(passphrase_settings) + " to its export password");
    }
    fail(name,
         "the passphrase does not open the PKCS#12 keystore (its integrity check failed)",
         "check " + std::string(passphrase_settings) +
             ": it must hold the keystore's export password");
}

/// What the walk through the safes found.
struct key_search {
    EVP_PKEY* key = nullptr;     // owned; the first private key found
    bool undecryptable = false;  // a key bag or an encrypted safe could not be decrypted
};

void take_key(key_search& search, const PKCS8_PRIV_KEY_INFO* p8) {
    if (p8 == nullptr) {
        search.undecryptable = true;
        return;
    }
    search.key = EVP_PKCS82PKEY(p8);
    if (search.key == nullptr) search.undecryptable = true;
}

void search_bags(key_search& search,
                 const STACK_OF(PKCS12_SAFEBAG) * bags,
                 pkcs12_password password) {
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags) && search.key == nullptr; ++i) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        switch (PKCS12_SAFEBAG_get_nid(bag)) {
            case NID_keyBag:
                take_key(search, PKCS12_SAFEBAG_get0_p8inf(bag));
                break;
            case NID_pkcs8ShroudedKeyBag: {
                std::unique_ptr<PKCS8_PRIV_KEY_INFO, p8_deleter> p8(
                    PKCS12_decrypt_skey(bag, password.data, password.size));
                take_key(search, p8.get());
                break;
            }
            case NID_safeContentsBag:
                search_bags(search, PKCS12_SAFEBAG_get0_safes(bag), password);
                break;
            default:  // certificates, CRLs, secrets: not needed
                break;
        }
    }
}

key_search find_key(PKCS12* p12, pkcs12_password password, std::string_view name) {
    std::unique_ptr<STACK_OF(PKCS7), safes_deleter> safes(PKCS12_unpack_authsafes(p12));
    if (!safes) {
        fail(name,
             "the PKCS#12 keystore is damaged",
             "export it again, or give the PEM key server.pem (" + std::string(step6) + ")");
    }
    key_search search;
    for (int i = 0; i < sk_PKCS7_num(safes.get()) && search.key == nullptr; ++i) {
        PKCS7* safe = sk_PKCS7_value(safes.get(), i);
        bags_ptr bags;
        if (PKCS7_type_is_data(safe)) {
            bags.reset(PKCS12_unpack_p7data(safe));
        } else if (PKCS7_type_is_encrypted(safe)) {
            bags.reset(PKCS12_unpack_p7encdata(safe, password.data, password.size));
        }
        if (bags) {
            search_bags(search, bags.get(), password);
        } else {
            search.undecryptable = true;  // usually the certificates; the key may be elsewhere
        }
    }
    return search;
}

}  // namespace

std::optional<private_key> parse_pkcs12_private_key(std::string_view der,
                                                    std::string_view name,
                                                    std::optional<std::string_view> passphrase) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<PKCS12, p12_deleter> p12(
        d2i_PKCS12(nullptr, &bytes, static_cast<long>(der.size())));
    if (!p12) {
        ERR_clear_error();
        return std::nullopt;
    }
    const cleansed_string given{std::string(passphrase.value_or(""))};
    const pkcs12_password password =
        check_password(p12.get(), given.text, passphrase.has_value(), name);
    const key_search search = find_key(p12.get(), password, name);
    if (search.key != nullptr) {
        ERR_clear_error();
        return private_key(search.key);
    }
    if (search.undecryptable) {
        fail(name,
             "the private key in the PKCS#12 keystore could not be decrypted (wrong passphrase, "
             "or an algorithm OpenSSL 3 supports only in its legacy provider)",
             "check " + std::string(passphrase_settings) +
                 ", or re-export the keystore with OpenSSL 3 (openssl pkcs12 -export)");
    }
    fail(name,
         "the PKCS#12 keystore holds no private key, only certificates",
         "export it with the key (openssl pkcs12 -export -inkey server.key -in server.crt -out "
         "server.p12), or give the PEM key server.pem (" +
             std::string(step6) + ")");
}

}  // namespace sfc::crypto::detail
