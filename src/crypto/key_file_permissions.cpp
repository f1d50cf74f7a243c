// A private key (or passphrase) file other users can read is a leaked credential waiting to
// happen; the collector warns rather than refuses, since some deployments manage access by ACL.
#include "crypto/private_key.hpp"
#include "platform/key_access.hpp"

namespace sfc::crypto {

std::optional<std::string> key_file_permission_warning(const std::filesystem::path& path) {
    auto exposure = platform::key_file_exposure(path);
    if (!exposure) return std::nullopt;
    return path.string() + ": " + *exposure;
}

}  // namespace sfc::crypto
