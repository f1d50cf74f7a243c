#include "sinks/syslog_tls.hpp"

#include <stdexcept>

#include "http/tls.hpp"
#include "sinks/sink_error.hpp"

namespace sfc::sinks {
namespace ssl = boost::asio::ssl;

namespace {

void load_client_identity(ssl::context& ctx,
                          const config::tls_client_config& tls,
                          const std::string& peer) {
    if (tls.cert_file.empty() && tls.key_file.empty()) return;
    if (tls.cert_file.empty() || tls.key_file.empty()) {
        throw sink_error(peer +
                         ": mutual TLS needs both tls.cert_file and tls.key_file; set both "
                         "or neither");
    }
    // An encrypted key would make OpenSSL prompt on the terminal; an empty passphrase fails it.
    ctx.set_password_callback([](std::size_t, ssl::context::password_purpose) { return ""; });
    boost::system::error_code ec;
    ctx.use_certificate_chain_file(tls.cert_file.string(), ec);
    if (ec) {
        throw sink_error(peer + ": tls.cert_file " + tls.cert_file.string() +
                         ": cannot load the client certificate (" + ec.message() +
                         "); give a readable PEM certificate");
    }
    ctx.use_private_key_file(tls.key_file.string(), ssl::context::pem, ec);
    if (ec) {
        throw sink_error(peer + ": tls.key_file " + tls.key_file.string() +
                         ": cannot load the private key (" + ec.message() +
                         "); give an unencrypted PEM key that matches tls.cert_file");
    }
}

}  // namespace

ssl::context make_syslog_tls_context(const config::tls_client_config& tls,
                                     const std::string& peer) {
    http::tls_options options;
    options.ca_file = tls.ca_file;
    options.insecure_skip_verify = tls.insecure_skip_verify;
    try {
        auto ctx = http::make_tls_context(options);
        load_client_identity(ctx, tls, peer);
        return ctx;
    } catch (const std::invalid_argument& e) {
        throw sink_error(peer + ": " + e.what());
    }
}

}  // namespace sfc::sinks
