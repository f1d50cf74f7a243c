#pragma once
// Keys and certificates made in memory for tests: the operator's JWT signing identity (what the
// set-up guide's OpenSSL steps produce) and a small CA for real TLS on loopback.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sfc::test {

/// What an operator makes with the set-up guide: a key and a self-signed certificate over it.
struct rsa_identity {
    std::string key_pem;        ///< PKCS#8 "BEGIN PRIVATE KEY"
    std::string key_pkcs1_pem;  ///< PKCS#1 "BEGIN RSA PRIVATE KEY" (server.key / server.pem)
    std::string cert_pem;       ///< self-signed X.509 (server.crt)
};
rsa_identity make_rsa_identity(std::string_view common_name = "sfcollector-test", int bits = 2048);

/// A test CA with a server and a client certificate signed by it.
struct tls_pki {
    std::string ca_cert_pem;
    std::string server_cert_pem;  ///< SANs: the given DNS names and IP addresses
    std::string server_key_pem;
    std::string client_cert_pem;
    std::string client_key_pem;
};
tls_pki make_tls_pki(const std::vector<std::string>& dns_names = {"localhost"},
                     const std::vector<std::string>& ip_addresses = {"127.0.0.1"});

/// A P-256 key, for "not an RSA key" tests.
std::string make_ec_key_pem();

/// The forms a passphrase-protected signing key takes.
/// `key_pem` encrypted as PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY" (AES-256-CBC), as OpenSSL 3's
/// `openssl genrsa -des3` and `openssl genpkey -aes-256-cbc` write it.
std::string encrypt_key_pem_pkcs8(const std::string& key_pem, const std::string& passphrase);
/// `key_pem` as legacy encrypted PEM: PKCS#1 with "Proc-Type: 4,ENCRYPTED" (DES-EDE3-CBC).
std::string encrypt_key_pem_legacy(const std::string& key_pem, const std::string& passphrase);
/// A DER PKCS#12 keystore (.p12) holding `key_pem` (may be empty: certificate only) and
/// `cert_pem`, with OpenSSL 3's default algorithms; an empty passphrase is the empty password.
std::string make_pkcs12(const std::string& key_pem,
                        const std::string& cert_pem,
                        const std::string& passphrase);

void write_file(const std::filesystem::path& path, std::string_view content);
std::string read_file(const std::filesystem::path& path);
/// A fresh, unique directory under $TMPDIR (or /tmp).
std::filesystem::path make_temp_dir(std::string_view prefix);

}  // namespace sfc::test
