#pragma once
// What the HTTP client and the other streams opened in http/ (connector.hpp) share: the TLS
// options and the error a failed network step throws. Light on purpose.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace sfc::http {

struct tls_options {
    /// Extra CA certificates (PEM) trusted besides the system store.
    std::filesystem::path ca_file;
    /// Extra CA certificates given as PEM text (tests).
    std::string ca_pem;
    /// Turns off certificate and host-name verification. The caller logs the warning.
    bool insecure_skip_verify = false;
    /// The client certificate chain and its unencrypted private key (mutual TLS), PEM; both or
    /// neither.
    std::filesystem::path cert_file;
    std::filesystem::path key_file;
};

/// A transport-level failure: DNS, connect, TLS, timeout, reset, malformed HTTP, bad gzip, the
/// request's overall deadline, cancel(). Worth a retry later unless cancelled; what() names the
/// peer and the step, never a secret.
class transport_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sfc::http
