#include "http/tls.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/address.hpp>
#include <stdexcept>

#include "platform/system_trust.hpp"

namespace sfc::http {
namespace ssl = boost::asio::ssl;

namespace {

bool is_ip_literal(const std::string& host) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    return !ec;
}

void add_extra_trust(ssl::context& ctx, const tls_options& tls) {
    boost::system::error_code ec;
    if (!tls.ca_file.empty()) {
        ctx.load_verify_file(tls.ca_file.string(), ec);
        if (ec) {
            throw std::invalid_argument("tls.ca_file " + tls.ca_file.string() +
                                        ": cannot load CA certificates (" + ec.message() +
                                        "); give a readable PEM file");
        }
    }
    if (!tls.ca_pem.empty()) {
        ctx.add_certificate_authority(boost::asio::buffer(tls.ca_pem), ec);
        if (ec) {
            throw std::invalid_argument("tls.ca_pem: cannot load CA certificates (" + ec.message() +
                                        "); give PEM certificates");
        }
    }
}

void load_client_identity(ssl::context& ctx, const tls_options& tls) {
    if (tls.cert_file.empty() && tls.key_file.empty()) return;
    if (tls.cert_file.empty() || tls.key_file.empty()) {
        throw std::invalid_argument(
            "mutual TLS needs both tls.cert_file and tls.key_file; set both or neither");
    }
    // An encrypted key would make OpenSSL prompt on the terminal; an empty passphrase fails it.
    ctx.set_password_callback([](std::size_t, ssl::context::password_purpose) { return ""; });
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(tls.cert_file.string(), ec);
    if (ec) {
        throw std::invalid_argument("tls.cert_file " + tls.cert_file.string() +
                                    ": cannot load the client certificate (" + ec.message() +
                                    "); give a readable PEM certificate");
    }
    ctx.use_private_key_file(tls.key_file.string(), ssl::context::pem, ec);
    if (ec) {
        throw std::invalid_argument("tls.key_file " + tls.key_file.string() +
                                    ": cannot load the private key (" + ec.message() +
                                    "); give an unencrypted PEM key that matches tls.cert_file");
    }
}

}  // namespace

ssl::context make_tls_context(const tls_options& tls) {
    ssl::context ctx(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    if (tls.insecure_skip_verify) {
        ctx.set_verify_mode(ssl::verify_none);
    } else {
        boost::system::error_code ec;
        ctx.set_default_verify_paths(ec);  // a host without a CA bundle can still use ca_file
        platform::add_system_trust(SSL_CTX_get_cert_store(ctx.native_handle()));  // Windows ROOT
        add_extra_trust(ctx, tls);
        ctx.set_verify_mode(ssl::verify_peer);
    }
    load_client_identity(ctx, tls);
    return ctx;
}

void set_peer_identity(SSL* ssl, const std::string& host, bool verify) {
    const bool ip = is_ip_literal(host);
    if (!ip) SSL_set_tlsext_host_name(ssl, host.c_str());
    if (!verify) return;
    // Checked by OpenSSL itself during verification, so a mismatch is reported like any other
    // certificate error (X509_V_ERR_HOSTNAME_MISMATCH / IP_ADDRESS_MISMATCH).
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                      : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (ok != 1) throw std::invalid_argument("cannot verify TLS peer name '" + host + "'");
}

std::string handshake_failure_reason(SSL* ssl, const boost::system::error_code& ec) {
    const long result = SSL_get_verify_result(ssl);
    if (result != X509_V_OK) {
        return std::string("certificate verification failed (") +
               X509_verify_cert_error_string(result) +
               "); if a proxy re-signs TLS, trust its CA with ca_file";
    }
    return ec.message();
}

}  // namespace sfc::http
