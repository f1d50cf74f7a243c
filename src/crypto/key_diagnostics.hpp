#pragma once
// What the key loaders share: one-line key_error messages that point at the set-up guide's steps,
// the checks every loaded key must pass, and OpenSSL's passphrase callback.

#include <openssl/crypto.h>

#include <optional>
#include <string>
#include <string_view>

#include "crypto/private_key.hpp"

namespace sfc::crypto::detail {

inline constexpr std::string_view step3 =
    "'Creating a Private Key and Self-Signed Digital Certificate', Step 3";
inline constexpr std::string_view step6 =
    "'Creating a Private Key and Self-Signed Digital Certificate', Step 6";
inline constexpr std::string_view passphrase_settings =
    "salesforce.private_key_passphrase_file or salesforce.private_key_passphrase_env";

/// Wipes its text (key file bytes, a passphrase copy) from memory when it goes, however a load
/// ends.
struct cleansed_string {
    std::string text;
    ~cleansed_string() { OPENSSL_cleanse(text.data(), text.size()); }
};

/// Throws key_error "<name>: <problem>; <fix>" after clearing OpenSSL's error queue.
[[noreturn]] void fail(std::string_view name, std::string_view problem, std::string_view fix);

/// Refuses a key that is not RSA or has fewer than 2048 bits. Throws key_error.
void check_usable(std::string_view name, const private_key& key);

/// The passphrase handed to OpenSSL through pem_password_cb; without one the callback refuses,
/// so OpenSSL never falls back to prompting on the terminal.
struct passphrase_source {
    std::optional<std::string_view> passphrase;
};

/// A pem_password_cb whose `userdata` is a passphrase_source.
int passphrase_callback(char* buffer, int size, int rwflag, void* userdata);

/// Parses the PEM key in `pem` (labels already checked by the caller). Throws key_error.
private_key parse_pem_private_key(std::string_view pem,
                                  std::string_view name,
                                  std::optional<std::string_view> passphrase);

/// The private key in a DER PKCS#12 keystore, or nullopt when `der` is not one. Throws key_error
/// for a keystore whose key cannot be had.
std::optional<private_key> parse_pkcs12_private_key(std::string_view der,
                                                    std::string_view name,
                                                    std::optional<std::string_view> passphrase);

}  // namespace sfc::crypto::detail
