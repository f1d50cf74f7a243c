#pragma once
// TLS set-up for the client: the trust store, the identity the server must prove, and readable
// reasons when the handshake fails.

#include "http/transport.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>
#include <string>

namespace sfc::http {

/// System CA store plus tls.ca_file and tls.ca_pem, TLS 1.2 at least, peer verification unless
/// insecure_skip_verify, and the client certificate when there is one. Throws
/// std::invalid_argument naming the CA file, PEM, certificate or key that is unusable.
boost::asio::ssl::context make_tls_context(const tls_options& tls);

/// SNI (host names only) and the host name or IP address the certificate must carry.
void set_peer_identity(SSL* ssl, const std::string& host, bool verify);

/// Why a handshake failed, in one line, with the certificate problem when there was one.
std::string handshake_failure_reason(SSL* ssl, const boost::system::error_code& ec);

}  // namespace sfc::http
