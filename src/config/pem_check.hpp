#pragma once
// What the TLS code will later ask of a PEM file the config names, asked at load time, so a
// wrong file is a config error on its line instead of a failure when a sink or an org connects.

#include <string>
#include <string_view>

namespace sfc::config {

enum class pem_kind {
    certificates,  ///< a CA bundle or a certificate chain: at least one certificate
    private_key,   ///< an unencrypted PEM private key (a client certificate's)
};

/// "" when `content` is what `kind` needs; else the problem, e.g. "holds no PEM certificate".
/// Never quotes the content.
std::string pem_problem(std::string_view content, pem_kind kind);

/// "" when the first certificate in `certificate_pem` carries the public key of the private key
/// in `key_pem` (or either cannot be parsed: pem_problem reports that); else the problem.
std::string key_pair_problem(std::string_view certificate_pem, std::string_view key_pem);

}  // namespace sfc::config
