// TLS on Windows trusts the certificate store's roots as well as ca_file.
#include <gtest/gtest.h>

#include <openssl/x509.h>

#include "platform/system_trust.hpp"

namespace sfc::platform {
namespace {

TEST(windows_trust, the_root_store_reaches_openssl) {
    X509_STORE* store = X509_STORE_new();
    ASSERT_NE(store, nullptr);
    // Every Windows installation (and Wine, which imports the host's CAs) has public roots.
    EXPECT_GT(add_system_trust(store), 10u);
    X509_STORE_free(store);
}

}  // namespace
}  // namespace sfc::platform
