#include "platform/system_trust.hpp"

#include <openssl/x509.h>

#include "platform/windows/win32.hpp"

#include <wincrypt.h>

namespace sfc::platform {

std::size_t add_system_trust(X509_STORE* store) {
    HCERTSTORE roots = ::CertOpenSystemStoreW(0, L"ROOT");
    if (!roots) return 0;
    std::size_t added = 0;
    const CERT_CONTEXT* cert = nullptr;
    while ((cert = ::CertEnumCertificatesInStore(roots, cert)) != nullptr) {
        const unsigned char* der = cert->pbCertEncoded;
        X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(cert->cbCertEncoded));
        if (!x509) continue;
        // A certificate already in the store (a repeat) is not an error worth reporting.
        if (X509_STORE_add_cert(store, x509) == 1) ++added;
        X509_free(x509);
    }
    ::CertCloseStore(roots, 0);
    return added;
}

}  // namespace sfc::platform
